// Lets a child `node -r ./swc-register.js file.ts` run TypeScript sources as they are,
// without a build (the same compiler jest uses).
const fs = require('node:fs'); // eslint-disable-line @typescript-eslint/no-require-imports -- a `node -r` preload is CommonJS: require is how it imports
const { transformSync } = require('@swc/core'); // eslint-disable-line @typescript-eslint/no-require-imports -- as above

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
