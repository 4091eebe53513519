/** The initial-block-download progress line: pure arithmetic over two samples of the tip height. */

export interface ProgressSample {
  /** Active tip height. */
  height: number;
  /** Height of the best known header (the download target). */
  target: number;
  /** Milliseconds (any monotonic origin). */
  at: number;
}

export interface Progress {
  height: number;
  target: number;
  /** 0-100. */
  percent: number;
  blocksPerSecond: number;
  /** Seconds to the target at the current rate; undefined while the rate is zero. */
  etaSeconds: number | undefined;
}

export function measureProgress(prev: ProgressSample, cur: ProgressSample): Progress {
  const seconds = (cur.at - prev.at) / 1000;
  const blocksPerSecond = seconds > 0 ? Math.max(0, cur.height - prev.height) / seconds : 0;
  const remaining = Math.max(0, cur.target - cur.height);
  return {
    height: cur.height,
    target: cur.target,
    percent: cur.target > 0 ? Math.min(100, (100 * cur.height) / cur.target) : 100,
    blocksPerSecond,
    etaSeconds: remaining === 0 ? 0 : blocksPerSecond > 0 ? remaining / blocksPerSecond : undefined,
  };
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `sync: height 1234/2000 (61.70%), 312.5 blocks/s, ETA 2s, 3 peers`. */
export function formatProgress(p: Progress, peers: number): string {
  return (
    `sync: height ${p.height}/${p.target} (${p.percent.toFixed(2)}%), ` +
    `${p.blocksPerSecond.toFixed(1)} blocks/s, ETA ${formatDuration(p.etaSeconds)}, ${peers} peer${peers === 1 ? '' : 's'}`
  );
}
