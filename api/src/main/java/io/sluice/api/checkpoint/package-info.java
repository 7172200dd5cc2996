/** User functions that take part in checkpoints: operator state and checkpoint notifications. */
package io.sluice.api.checkpoint;
