// Verifies a Sigstore bundle with sigstore-js (@sigstore/verify) against a given trusted_root.json, with no
// TUF and no transparency logs: tlogThreshold 0, ctlogThreshold 0, timestampThreshold 1 (docs/architecture.md spec 5,
// "@sigstore/verify with a custom root"). An independent check that SupplyGate's bundles are what the
// ecosystem verifies, not merely what our own reader accepts.
// Usage: node verify-bundle.mjs <bundle.json> <trusted_root.json> [--san <identity>] [--artifact <file>]
//   --san       the certificate's subjectAlternativeName must equal this string (policy step)
//   --artifact  the signed blob, for messageSignature bundles (DSSE bundles carry their payload)
// Exit codes: 0 = verified (signer summary printed), 1 = verification failed (reason printed),
//             2 = usage, read or parse error (the bundle was never judged).
// Dependencies are pinned in package.json; install them with build/setup.sh.
import { readFile } from 'node:fs/promises';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';

const usage = 'usage: node verify-bundle.mjs <bundle.json> <trusted_root.json> [--san <identity>] [--artifact <file>]';
const args = process.argv.slice(2);
const positional = [];
const options = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--san' || args[i] === '--artifact') {
    if (i + 1 >= args.length) {
      console.error(usage);
      process.exit(2);
    }
    options[args[i].slice(2)] = args[++i];
  } else {
    positional.push(args[i]);
  }
}

if (positional.length !== 2) {
  console.error(usage);
  process.exit(2);
}

const [bundleFile, rootFile] = positional;
let bundleJson;
let rootJson;
let artifact;
try {
  bundleJson = JSON.parse(await readFile(bundleFile, 'utf8'));
  rootJson = JSON.parse(await readFile(rootFile, 'utf8'));
  artifact = options.artifact === undefined ? undefined : await readFile(options.artifact);
} catch (err) {
  console.error(`cannot read input: ${err.message}`);
  process.exit(2);
}

// From here on every failure is a verdict about the bundle (exit 1): a bundle sigstore-js cannot even
// load (bundleFromJSON rejects e.g. x509CertificateChain in v0.3) is a bundle it does not accept.
try {
  const bundle = bundleFromJSON(bundleJson);
  const trustMaterial = toTrustMaterial(TrustedRoot.fromJSON(rootJson));
  const verifier = new Verifier(trustMaterial, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 });
  const policy = options.san === undefined ? undefined : { subjectAlternativeName: options.san };
  const signer = verifier.verify(toSignedEntity(bundle, artifact), policy);
  console.log(JSON.stringify({
    verified: true,
    mediaType: bundle.mediaType,
    subjectAlternativeName: signer.identity?.subjectAlternativeName ?? null,
    keyType: signer.key.asymmetricKeyType,
  }));
  process.exit(0);
} catch (err) {
  console.log(JSON.stringify({ verified: false, error: `${err.name}: ${err.code ?? ''} ${err.message}`.trim() }));
  process.exit(1);
}
