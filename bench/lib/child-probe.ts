import { performance } from 'node:perf_hooks';

/**
 * Preloaded (`node -r`) into the hub and worker processes the bench starts; not part of the hub. Over the
 * IPC channel the bench opened it answers `'elu'` with the main thread's cumulative event-loop utilization,
 * so each phase can say how busy each process's event loop was. When the channel closes (the bench ended,
 * however abruptly) the process is asked to stop the way an operator would: SIGTERM.
 */
if (process.send && process.channel) {
  process.on('message', (msg: unknown) => {
    if (msg === 'elu') process.send?.({ elu: performance.eventLoopUtilization() });
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // Listening must not keep the process alive on its own.
  process.channel.unref();
}
