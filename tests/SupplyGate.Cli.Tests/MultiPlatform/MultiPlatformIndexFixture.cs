using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Core.Tests.Attestations.Verification;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.MultiPlatform;

/// <summary>
/// A real registry (distribution 2.8, fallback referrers index) holding an OCI index of two tiny platform images
/// (linux/amd64, linux/arm64: their configs say so), a buildx-style attestation manifest (unknown/unknown) in the
/// index, the development PKI and TSA, and the index signed the way a release is: `sbom image` and
/// `check image --format json` per platform, then one `sign` with PLATFORM=FILE arguments.
/// </summary>
public sealed class MultiPlatformIndexFixture : IAsyncLifetime
{
    public const string Repository = "multi/app";

    private readonly TempDirectory _temp = new("sg-multi");
    private DevTimestampServer? _tsa;

    public LocalRegistry Registry { get; } = new();

    public AttestationTestPki Pki { get; } = new();

    public DevelopmentCaFiles Ca { get; private set; } = null!;

    public Uri TsaUrl => _tsa!.Url;

    public Descriptor Amd64 { get; private set; } = null!;

    public Descriptor Arm64 { get; private set; } = null!;

    public Digest Index { get; private set; }

    public string IndexImage => $"{Registry.Host}/{Repository}:1.0";

    public string SignOutput { get; private set; } = string.Empty;

    public Dictionary<string, string> Environment => new() { ["HOME"] = _temp.Path };

    public async Task InitializeAsync()
    {
        Ca = Pki.Ca.WriteTo(_temp.Combine("ca"));
        _tsa = DevTimestampServer.Start(new VerificationTestBundles(Pki).TrustedTsa());
        Amd64 = await PushPlatformImageAsync("amd64", "amd64", epoch: 0);
        Arm64 = await PushPlatformImageAsync("arm64", "arm64", epoch: 0);
        Descriptor attestation = await PushPlatformImageAsync("buildx-attestation", "amd64", epoch: 9);
        Index = await PushIndexAsync("1.0", [Entry(Amd64, "amd64"), Entry(Arm64, "arm64"), Entry(attestation, "unknown", os: "unknown")]);

        var args = new List<string> { "sign", IndexImage };
        foreach ((string arch, Descriptor image) in new[] { ("amd64", Amd64), ("arm64", Arm64) })
        {
            string sbom = _temp.Combine($"{arch}.cdx.json");
            string result = _temp.Combine($"{arch}.policy-result.json");
            Expect(0, "sbom", "image", $"{Registry.Host}/{Repository}@{image.Digest}", "-o", sbom);
            Expect(0, "check", "image", $"{Registry.Host}/{Repository}@{image.Digest}", "--format", "json", "-o", result);
            args.AddRange(["--sbom", $"linux/{arch}={sbom}", "--policy-result", $"linux/{arch}={result}"]);
        }

        args.AddRange(["--key", Ca.SigningKey, "--cert", Ca.SigningCertificate, "--timestamp-url", TsaUrl.ToString()]);
        SignOutput = Expect(0, [.. args]);
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

    public string Root => _temp.Path;

    public string Combine(string name) => _temp.Combine(name);

    /// <summary>The deterministic one-file image whose config says linux/<paramref name="arch"/>, tagged <paramref name="tag"/>.</summary>
    public async Task<Descriptor> PushPlatformImageAsync(string tag, string arch, int epoch)
    {
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root, new Dictionary<string, string>
        {
            ["REGISTRY"] = Registry.Host,
            ["IMAGE"] = $"{Registry.Host}/{Repository}:{tag}",
            ["MODE"] = "file",
            ["ARCH"] = arch,
            ["SOURCE_DATE_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WORK"] = _temp.Combine($"work-{Guid.NewGuid():N}"),
        });
        Assert.True(made.ExitCode == 0, made.All);
        using var http = new HttpClient();
        ManifestResponse manifest = await Client(http).Manifests.GetAsync(Repository, tag, CancellationToken.None);
        return new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length };
    }

    public static Descriptor Entry(Descriptor image, string arch, string os = "linux") => image with { Platform = new Platform(os, arch) };

    /// <summary>An OCI index of <paramref name="entries"/>, pushed under <paramref name="tag"/>.</summary>
    public async Task<Digest> PushIndexAsync(string tag, IReadOnlyList<Descriptor> entries)
    {
        byte[] index = OciDocuments.SerializeIndex(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries });
        using var http = new HttpClient();
        ManifestPushResult pushed = await Client(http).Manifests.PutAsync(Repository, tag, MediaTypes.OciIndex, index, null, CancellationToken.None);
        return pushed.Digest;
    }

    public RegistryClient Client(HttpClient http) =>
        new(Registry.Host, http, new RegistryClientOptions { TimeProvider = TimeProvider.System });

    public (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(Environment, _temp.Path, args);

    public (int ExitCode, string Output, string Error) Verify(string image, params string[] more) =>
        Run(["verify", image, "--trusted-root", Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity, "--offline", .. more]);

    private string Expect(int exit, params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == exit, $"supplygate {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result.Output;
    }
}
