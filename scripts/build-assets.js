// Builds the browser assets into dist/public: Plaza's stylesheet (govuk-frontend compiled with Plaza's
// settings), the govuk-frontend script and Plaza's enhancement script, each named by a hash of its content
// so it can be cached for a year, and a manifest the server reads to link them.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'platform', 'views', 'assets');
const out = join(root, 'dist', 'public');
const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
// The package exports no package.json; its CommonJS entry is script/index.js.
const webauthnBrowserRoot = join(dirname(require.resolve('@simplewebauthn/browser')), '..');

const hash = (content) => createHash('sha256').update(content).digest('hex').slice(0, 12);
const inputsHash = hash(
  [
    ...readdirSync(source).map((name) => readFileSync(join(source, name))),
    readFileSync(join(govukDist, '..', '..', 'package.json')),
    readFileSync(join(webauthnBrowserRoot, 'package.json')),
    readFileSync(require.resolve('leaflet/package.json')),
    readFileSync(require.resolve('rtlcss/package.json')),
    readFileSync(require.resolve('esbuild/package.json')),
    readFileSync(fileURLToPath(import.meta.url)),
  ].join('\0'),
);
const manifestFile = join(out, 'manifest.json');
if (existsSync(manifestFile) && JSON.parse(readFileSync(manifestFile, 'utf8')).inputs === inputsHash)
  process.exit(0);

const sass = await import('sass');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'govuk', 'images'), { recursive: true });

// Each asset is also written compressed (Brotli at its best, and gzip), once here rather than on every
// request; the server sends the variant the browser accepts.
const writeAsset = (file, content) => {
  writeFileSync(join(out, file), content);
  writeFileSync(
    join(out, `${file}.br`),
    brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(join(out, `${file}.gz`), gzipSync(content, { level: 9 }));
};
const emit = (name, extension, content) => {
  const file = `${name}.${hash(content)}.${extension}`;
  writeAsset(file, content);
  return `/assets/${file}`;
};

const css = sass.compile(join(source, 'plaza.scss'), {
  style: 'compressed',
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ['import'],
}).css;
const govukJs = readFileSync(join(govukDist, 'govuk-frontend.min.js'));
const govukJsPath = emit('govuk-frontend', 'js', govukJs);
const plazaJs = readFileSync(join(source, 'plaza.js'), 'utf8').replace(
  './govuk-frontend.min.js',
  govukJsPath,
);

// @simplewebauthn/browser ships its ES module as many files, and one UMD bundle; given an `exports` object
// to fill, the bundle becomes a single ES module that pages with passkeys load through webauthn.js.
const webauthnBrowser = [
  'const exports = {};',
  'const module = { exports };',
  readFileSync(join(webauthnBrowserRoot, 'dist', 'bundle', 'index.umd.min.js'), 'utf8'),
  'export const { browserSupportsWebAuthn, startAuthentication, startRegistration } = exports;',
  '',
].join('\n');
const webauthnJs = readFileSync(join(source, 'webauthn.js'), 'utf8').replace(
  './simplewebauthn-browser.js',
  emit('simplewebauthn-browser', 'js', webauthnBrowser),
);

// Leaflet, for the report map: its ES module and stylesheet as files of their own, loaded only by pages with
// a map, through report-map.js (whose import path is rewritten here, as webauthn.js's is).
const leafletDist = join(dirname(require.resolve('leaflet/package.json')), 'dist');
// Leaflet ships its ES module unminified (425 KB); minified it keeps a map page within its 100 KB budget.
const esbuild = await import('esbuild');
const leafletJs = (
  await esbuild.transform(readFileSync(join(leafletDist, 'leaflet-src.esm.js'), 'utf8'), {
    minify: true,
    format: 'esm',
    legalComments: 'inline',
  })
).code;
const reportMapJs = readFileSync(join(source, 'report-map.js'), 'utf8').replace(
  './leaflet.js',
  emit('leaflet', 'js', leafletJs),
);
const reportMapCss = [
  readFileSync(join(leafletDist, 'leaflet.css'), 'utf8'),
  readFileSync(join(source, 'report-map.css'), 'utf8'),
].join('\n');

// Right-to-left languages get the same stylesheet mirrored (margins, padding, floats, borders, positions).
// The map's stylesheet is left as it is: a map is geography and does not mirror (report-map.js sets the map
// element's own direction).
const rtlcss = (await import('rtlcss')).default;
const rtlCss = rtlcss.process(css);

const manifest = {
  inputs: inputsHash,
  css: emit('plaza', 'css', css),
  cssRtl: emit('plaza.rtl', 'css', rtlCss),
  js: emit('plaza', 'js', plazaJs),
  favicon: emit('favicon', 'svg', readFileSync(join(source, 'favicon.svg'))),
  webauthn: emit('webauthn', 'js', webauthnJs),
  reportMap: emit('report-map', 'js', reportMapJs),
  reportMapCss: emit('report-map', 'css', reportMapCss),
};
// Images govuk-frontend's stylesheet refers to (none of them carries the crown that Plaza shows).
for (const image of readdirSync(join(govukDist, 'assets', 'images'))) {
  if (!/crest|crown|opengraph|icon|favicon/.test(image))
    copyFileSync(join(govukDist, 'assets', 'images', image), join(out, 'govuk', 'images', image));
}
writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
console.log(`Built assets: ${manifest.css}, ${manifest.js}`);
