/**
 * The layers of src/, bottom to top (docs/architecture.md explains each). A module may import its own
 * layer and the layers below it, never one above; and no import cycle anywhere, the emulator included.
 * `npm run lint` runs this check.
 */
const LAYERS = ['core', 'config', 'cassette', 'azure', 'state', 'io', 'kube', 'engine', 'verify', 'steps', 'commands', 'cli'];
/** The command modules: each sits on the steps and verify; none imports another. */
const COMMANDS = ['preflight', 'drift', 'destroy'];

const dir = (names) => `^src/(${names.join('|')})/`;
const layerDirs = (layer) => (layer === 'commands' ? COMMANDS : [layer]);

const upward = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flatMap(layerDirs);
  if (above.length === 0) return [];
  return layerDirs(layer).map((from) => ({
    name: `${from}-imports-upward`,
    comment: `${from} may not import ${above.join(', ')}: they sit above it.`,
    severity: 'error',
    from: { path: dir([from]) },
    to: { path: dir(above) },
  }));
});

const siblings = COMMANDS.map((from) => ({
  name: `${from}-imports-a-sibling`,
  comment: `${from} may not import another command module (${COMMANDS.filter((c) => c !== from).join(', ')}).`,
  severity: 'error',
  from: { path: dir([from]) },
  to: { path: dir(COMMANDS.filter((c) => c !== from)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle makes load order matter and hides which module owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    ...siblings,
    {
      name: 'every-module-in-a-layer',
      comment: 'A new directory under src/ joins LAYERS (or the emulator/conformance rules) before it imports anything.',
      severity: 'error',
      from: { path: '^src/', pathNot: dir([...LAYERS.flatMap(layerDirs), 'emulator', 'conformance']) },
      to: {},
    },
    {
      name: 'emulator-imports-only-core',
      comment: 'The emulator is an independent oracle of Azure: besides itself it may import only src/core.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/(emulator|core)/' },
    },
    {
      name: 'only-conformance-and-cli-import-the-emulator',
      comment: 'The CLI (for --emulator) and the conformance runner start the emulator; nothing else reaches into it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(emulator|conformance|cli)/' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'nothing-imports-conformance',
      comment: 'The conformance runner is a tool (npm run conformance), not part of the CLI.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/conformance/' },
      to: { path: '^src/conformance/' },
    },
    {
      name: 'conformance-imports-emulator-cassette-core',
      comment: 'The conformance runner compares the emulator with recorded cassettes: it needs nothing else.',
      severity: 'error',
      from: { path: '^src/conformance/' },
      to: { path: '^src/', pathNot: '^src/(conformance|emulator|cassette|core)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
