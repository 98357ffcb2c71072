import { FrameBatcher } from './frame.batcher';

describe('FrameBatcher', () => {
  function setup() {
    const frames: (() => void)[] = [];
    const flushed: string[][] = [];
    const b = new FrameBatcher<string>((keys) => flushed.push([...keys].sort()), (cb) => frames.push(cb));
    return { b, frames, flushed };
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
