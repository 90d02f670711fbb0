// The footprint experiment's extra code (bench/footprint.mjs): `n` distinct small functions, each
// compiled on its own, that the express floor runs once per request when FLOOR_FOOTPRINT=n. They
// only do arithmetic (no allocation), so what they add beyond their own isolated cost is what
// running more distinct code per request does to the rest of the request.
export function makeFootprint(n) {
  const fns = Array.from(
    { length: n },
    (_, i) =>
      new Function(
        'x',
        `let s = x; for (let k = 0; k < 3; k++) { s = (s * ${i + 3}) ^ (k + ${i * 7}); if (s > ${1000 + i}) s -= ${i + 11}; else s += ${i % 13}; } return s | 0;`,
      ),
  );
  return () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += fns[i](i);
    return s;
  };
}
