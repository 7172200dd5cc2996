/** Implementation helpers of the API. Not for job authors; may change without notice. */
package io.sluice.api.internal;
