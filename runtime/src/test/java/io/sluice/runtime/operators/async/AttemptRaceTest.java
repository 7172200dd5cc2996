package io.sluice.runtime.operators.async;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three threads complete the same attempt at once, as a service's answer, its error and the
 * timeout handler may: exactly one wins, the task thread polls exactly one completion per attempt,
 * and it reads the winner's outcome whole.
 */
class AttemptRaceTest {

    @Test
    void exactlyOneOfRacingCompletionsIsHandedToTheTaskThread() throws Exception {
        int rounds = 10_000;
        ManyToOneConcurrentArrayQueue<Attempt<?>> completions = new ManyToOneConcurrentArrayQueue<>(4);
        AsyncRequest<Long, String> request = new AsyncRequest<>(0);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CyclicBarrier start = new CyclicBarrier(3);
            for (int round = 0; round < rounds; round++) {
                Attempt<String> attempt = new Attempt<>(request, completions);
                List<String> answer = List.of("answer " + round);
                List<String> fallback = List.of("fallback " + round);
                IOException error = new IOException("failed " + round);
                Future<?> a = threads.submit(() -> race(start, () -> attempt.complete(answer)));
                Future<?> b = threads.submit(() -> race(start, () -> attempt.completeExceptionally(error)));
                Future<?> c = threads.submit(() -> race(start, () -> attempt.complete(fallback)));
                a.get(10, TimeUnit.SECONDS);
                b.get(10, TimeUnit.SECONDS);
                c.get(10, TimeUnit.SECONDS);

                Attempt<?> polled = completions.poll();
                assertThat(polled).as("round %d: one completion", round).isSameAs(attempt);
                assertThat(completions.poll()).as("round %d: only one", round).isNull();
                if (polled.error != null) {
                    assertThat(polled.error).isSameAs(error);
                    assertThat(polled.result).isNull();
                } else {
                    assertThat(polled.result).isIn(answer, fallback);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void race(CyclicBarrier start, Runnable completion) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        completion.run();
        return null;
    }
}
