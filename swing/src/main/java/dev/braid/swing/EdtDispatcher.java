package dev.braid.swing;

import dev.braid.reactor.LoopDispatcher;
import java.awt.EventQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs each reactor turn on the AWT event dispatch thread and waits for it. It posts the turn with
 * {@link EventQueue#invokeLater} and waits for it itself rather than using {@code invokeAndWait},
 * so an interrupt of the loop thread cannot let the loop go on while a turn still runs.
 */
final class EdtDispatcher implements LoopDispatcher {

  @Override
  public void runAndWait(Runnable turn) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    EventQueue.invokeLater(
        () -> {
          try {
            turn.run();
            done.complete(null);
          } catch (Throwable e) {
            done.completeExceptionally(e);
          }
        });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          done.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isDispatchThread() {
    return EventQueue.isDispatchThread();
  }
}
