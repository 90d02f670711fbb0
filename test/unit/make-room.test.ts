import { makeRoom } from '../../src/coordination/make-room';

describe('makeRoom: an in-process store kept within its key bound', () => {
  const filled = (entries: [string, number][]) => new Map(entries);

  it('When the map is below the bound, then nothing is dropped, stale or not', () => {
    const map = filled([
      ['a', 0],
      ['b', 1],
    ]);
    makeRoom(map, 3, () => true);
    expect([...map.keys()]).toEqual(['a', 'b']);
  });

  it('When the map is full, then the stale entries go and the others stay', () => {
    const map = filled([
      ['a', 0],
      ['b', 1],
      ['c', 0],
    ]);
    makeRoom(map, 3, (v) => v === 0);
    expect([...map.keys()]).toEqual(['b']);
  });

  it('When the map is full and nothing is stale, then the oldest goes, one entry making room for one', () => {
    const map = filled([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    makeRoom(map, 3, () => false);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });
});
