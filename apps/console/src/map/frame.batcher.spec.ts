import { FrameBatcher } from './frame.batcher';

describe('FrameBatcher', () => {
  function setup(minIntervalMs = 0) {
    const frames: (() => void)[] = [];
    const timers: { cb: () => void; ms: number }[] = [];
    const flushed: string[][] = [];
    let t = 0;
    const b = new FrameBatcher<string>((keys) => flushed.push([...keys].sort()), {
      frame: (cb) => frames.push(cb),
      delay: (cb, ms) => timers.push({ cb, ms }),
      now: () => t,
      minIntervalMs,
    });
    return { b, frames, timers, flushed, advance: (ms: number) => (t += ms) };
  }

  it('flushes all keys added between frames once, then schedules again on the next add', () => {
    const { b, frames, flushed } = setup();
    b.add(['a']);
    b.add(['b', 'a']);
    b.add(['c']);
    expect(frames).toHaveLength(1);
    expect(flushed).toEqual([]);
    frames.shift()!();
    expect(flushed).toEqual([['a', 'b', 'c']]);
    b.add(['d']);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(flushed).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('waits out the minimum interval before the next frame', () => {
    const { b, frames, timers, flushed, advance } = setup(1000);
    b.add(['a']);
    frames.shift()!();
    advance(300);
    b.add(['b']);
    b.add(['c']);
    expect(frames).toHaveLength(0);
    expect(timers.map((x) => x.ms)).toEqual([700]);
    advance(700);
    timers.shift()!.cb();
    expect(flushed).toEqual([['a']]);
    frames.shift()!();
    expect(flushed).toEqual([['a'], ['b', 'c']]);
    advance(5000);
    b.add(['d']);
    expect(timers).toHaveLength(0);
    expect(frames).toHaveLength(1);
  });

  it('does not schedule for an empty add and stops cleanly', () => {
    const { b, frames, flushed } = setup();
    b.add([]);
    expect(frames).toHaveLength(0);
    b.add(['a']);
    b.stop();
    frames.shift()!();
    b.add(['b']);
    expect(frames).toHaveLength(0);
    expect(flushed).toEqual([]);
  });
});
