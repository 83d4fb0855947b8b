using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Core.Tests.Attestations.Verification;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// A real registry (distribution 2.8, fallback referrers index) holding two tiny images, a development PKI
/// whose files `ca init` would write, the development TSA on loopback, and image A signed the way a release
/// is: `sbom image` → `check image --format json` → `sign` (SBOM + policy result).
/// </summary>
public sealed class SignedImageFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("sg-verify");
    private DevTimestampServer? _tsa;

    public LocalRegistry Registry { get; } = new();

    public AttestationTestPki Pki { get; } = new();

    public string Root => _temp.Path;

    public DevelopmentCaFiles Ca { get; private set; } = null!;

    public string ImageA => $"{Registry.Host}/app/file:1.0";

    public string ImageB => $"{Registry.Host}/app/file:2.0";

    public Digest DigestA { get; private set; }

    public Uri TsaUrl => _tsa!.Url;

    public Dictionary<string, string> Environment => new() { ["HOME"] = _temp.Path };

    public async Task InitializeAsync()
    {
        Ca = Pki.Ca.WriteTo(_temp.Combine("ca"));
        _tsa = DevTimestampServer.Start(new VerificationTestBundles(Pki).TrustedTsa());
        PushFileImage(ImageA, epoch: 0);
        PushFileImage(ImageB, epoch: 1);
        DigestA = await ResolveAsync("app/file", "1.0");

        string sbom = _temp.Combine("a.cdx.json");
        string result = _temp.Combine("a.policy-result.json");
        Expect(0, "sbom", "image", ImageA, "-o", sbom);
        Expect(0, "check", "image", ImageA, "--format", "json", "-o", result);
        Expect(0, "sign", ImageA, "--sbom", sbom, "--policy-result", result, "--key", Ca.SigningKey, "--cert", Ca.SigningCertificate, "--timestamp-url", TsaUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_tsa is not null)
        {
            await _tsa.DisposeAsync();
        }

        Registry.Dispose();
        Pki.Dispose();
        _temp.Dispose();
    }

    public string Combine(string name) => _temp.Combine(name);

    /// <summary>Pushes the deterministic one-file image; the same epoch always gives the same digest, in any repository.</summary>
    public void PushFileImage(string image, int epoch)
    {
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root, new Dictionary<string, string>
        {
            ["REGISTRY"] = Registry.Host,
            ["IMAGE"] = image,
            ["MODE"] = "file",
            ["SOURCE_DATE_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WORK"] = _temp.Combine($"work-{Guid.NewGuid():N}"),
        });
        Assert.True(made.ExitCode == 0, made.All);
    }

    public RegistryClient Client(HttpClient http) =>
        new(Registry.Host, http, new RegistryClientOptions { TimeProvider = TimeProvider.System });

    public async Task<Digest> ResolveAsync(string repository, string reference)
    {
        using var http = new HttpClient();
        ManifestResponse manifest = await Client(http).Manifests.GetAsync(repository, reference, CancellationToken.None);
        return manifest.Digest;
    }

    /// <summary>Attaches <paramref name="bundle"/> to <paramref name="subject"/> the way `attest` does, without checking anything.</summary>
    public async Task AttachAsync(string repository, Digest subject, byte[] bundle, string predicateType)
    {
        using var http = new HttpClient();
        RegistryClient client = Client(http);
        ManifestResponse image = await client.Manifests.GetAsync(repository, subject.ToString(), CancellationToken.None);
        Digest bundleDigest = Digest.Sha256(bundle);
        using (var content = new MemoryStream(bundle))
        {
            await client.Blobs.PushAsync(repository, bundleDigest, content, bundle.Length, CancellationToken.None);
        }

        using (var empty = new MemoryStream(AttestationManifest.EmptyConfig.ToArray()))
        {
            await client.Blobs.PushAsync(repository, Digest.Sha256(AttestationManifest.EmptyConfig.Span), empty, empty.Length, CancellationToken.None);
        }

        var descriptor = new Descriptor { MediaType = image.MediaType, Digest = image.Digest, Size = image.Bytes.Length };
        byte[] manifest = AttestationManifest.Write(descriptor, bundleDigest, bundle.Length, predicateType, TimeProvider.System.GetUtcNow());
        await client.Referrers.PushAsync(repository, MediaTypes.OciManifest, manifest, CancellationToken.None);
    }

    public (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(Environment, _temp.Path, args);

    private void Expect(int exit, params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == exit, $"supplygate {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}\n{result.Error}");
    }
}
