using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Tests.Shared;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using SupplyGate.DevTsa;

// Times signing and verification in one process: what the MSBuild task pays to sign and attach the
// SBOM and the policy result (the first call in a fresh process, JIT included, then warm), and `verify`'s work
// (resolve, discover, verify both bundles, re-evaluate the SBOM) once warm. Each sign run attaches to a fresh
// image's referrers (<sign-image>, whose fallback index grows by two per run); verify reads <verify-image>, which
// carries exactly the two attestations `supplygate sign` attached.
// Usage: VerifyBench <verify-image> <sign-image> <ca-dir> <identity> <sbom> <policy-result> [runs=5]
// Prints: sign-first-ms sign-warm-ms(median) verify-warm-ms(median)
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: VerifyBench <verify-image> <sign-image> <ca-dir> <identity> <sbom> <policy-result> [runs]");
    return 2;
}

ImageReference image = ImageReference.Parse(args[0]);
ImageReference signImage = ImageReference.Parse(args[1]);
string ca = args[2];
string identity = args[3];
byte[] sbom = File.ReadAllBytes(args[4]);
byte[] policyResult = File.ReadAllBytes(args[5]);
int runs = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 5;
var environment = new DictionaryEnvironment(new Dictionary<string, string>());
using var http = new HttpClient();
using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(ca, "tsa.pem"), Path.Combine(ca, "tsa.key"));
await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
var registry = new RegistryClient(image.Registry, http, RegistryClientEnvironment.Options(environment, TimeProvider.System));
TrustedRoot trust = TrustedRootReader.ReadFile(Path.Combine(ca, "trusted_root.json"));
PolicyDocument policy = PolicyDocument.LoadPresetOrFile("default");

// The development TSA runs in this process only for convenience; in a real build it is another service, so its
// own first-request cost (JIT of the responder) is paid here, untimed.
await new SupplyGate.Core.Timestamps.TimestampClient(http).RequestAsync(tsa.Url, new byte[64], CancellationToken.None);
double signFirst = await Sign();
var signWarm = new List<double>();
for (int i = 0; i < runs; i++)
{
    signWarm.Add(await Sign());
}

await Verify();
var verifyWarm = new List<double>();
for (int i = 0; i < runs; i++)
{
    verifyWarm.Add(await Verify());
}

Console.WriteLine($"{signFirst:F1} {Median(signWarm):F1} {Median(verifyWarm):F1}");
return 0;

async Task<double> Sign()
{
    long start = Stopwatch.GetTimestamp();
    using SigningMaterial signing = SigningMaterial.Load(Path.Combine(ca, "signing.key"), null, Path.Combine(ca, "signing.pem"), environment);
    var publisher = new AttestationPublisher(registry, new SupplyGate.Core.Timestamps.TimestampClient(http), TimeProvider.System);
    await publisher.PublishAllAsync(signImage, [(PredicateTypes.CycloneDx, sbom), (PredicateTypes.PolicyResult, policyResult)], signing, tsa.Url, CancellationToken.None);
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

async Task<double> Verify()
{
    long start = Stopwatch.GetTimestamp();
    ManifestResponse manifest = await registry.Manifests.GetAsync(image.Repository, image.Tag ?? "latest", CancellationToken.None);
    AttestationDiscoveryResult found = await new AttestationDiscovery(registry).DiscoverAsync(image.Repository, manifest.Digest, CancellationToken.None);
    var verification = ImageVerification.Run(
        found.Attestations,
        new BundleVerificationPolicy(trust, CertificateIdentityPolicy.Exact(identity), manifest.Digest.ToString()),
        [PredicateTypes.CycloneDx, PredicateTypes.PolicyResult],
        TimeProvider.System);
    if (!verification.Verified || verification.Latest(PredicateTypes.CycloneDx)?.Statement?.Predicate is not { } predicate)
    {
        throw new InvalidOperationException("verification failed: " + string.Join("; ", verification.Checks.Select(c => c.Result.Message)));
    }

    Bom bom = CycloneDxReader.Read(System.Text.Encoding.UTF8.GetBytes(predicate.GetRawText()), "bench");
    using IAdvisoryStore store = AdvisoryStore.OpenDefault(TimeProvider.System);
    GateEvaluator.Evaluate(new GateRequest { Bom = bom, Policy = policy, Store = store, Time = TimeProvider.System });
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}
