using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Cli.Tests.Serve;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The service's own image, end to end with real parts: build/image/serve-image.sh publishes the CLI with the SDK's
/// container publish (Native AOT, linux-x64) onto a debootstrap base with OpenSSL, SupplyGate.Build gating it under
/// policies/serve-image.yaml with an advisory store `db update` just made (from the sources' formats served on
/// 127.0.0.1: no network here) and signing its SBOM and policy result (development CA and TSA), into the local
/// registry. `supplygate verify` accepts the image; its config says entrypoint, default arguments, user, ports and
/// labels; and the image's filesystem, unpacked with umoci, runs `serve` in a chroot as the image's user, with only
/// the image's files: it answers /healthz over TLS and admits a Pod running the image itself, verified and judged
/// through the registry.
/// </summary>
/// <remarks>
/// The Native AOT compile of the CLI takes minutes. build/test.sh compiles it once for the dotnet tool and names
/// that compile here (<see cref="ArtifactsVariable"/>, <see cref="VersionVariable"/>); the image is then published
/// from it and the test asserts the native compile was reused. In CI the variables must be there; elsewhere,
/// without them, the script compiles into its own folder (.lab/serve-image).
/// </remarks>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed partial class ServeImageEndToEndTests(PublishedSampleFixture sample, ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    /// <summary>The --artifacts-path build/test.sh compiled the CLI's linux-x64 tool package in.</summary>
    public const string ArtifactsVariable = "SUPPLYGATE_SERVE_IMAGE_ARTIFACTS";

    /// <summary>The version that compile was made with (the tool's version).</summary>
    public const string VersionVariable = "SUPPLYGATE_SERVE_IMAGE_VERSION";

    private const string Identity = "https://ci.example.com/supplygate/serve-image";

    private static readonly string ImagePolicy = Path.Combine(RepositoryPaths.Root, "policies", "serve-image.yaml");

    [Fact]
    public async Task ServeImage_IsGatedSignedAndVerifies_AndItsFilesystemServesAdmission()
    {
        string? artifacts = Environment.GetEnvironmentVariable(ArtifactsVariable);
        string? version = Environment.GetEnvironmentVariable(VersionVariable);
        Assert.False(
            string.IsNullOrEmpty(artifacts) && Environment.GetEnvironmentVariable("CI") == "true",
            $"{ArtifactsVariable} is not set: in CI build/test.sh names the Native AOT compile of the CLI it made for the tool, so the image does not compile it again");

        using var work = new TempDirectory("sg-serve-image");
        string store = FreshStore(work);
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = Identity }, TimeProvider.System);
        DevelopmentCaFiles files = ca.WriteTo(work.Combine("ca"));
        using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
        string registry = containers.Registry.Host;

        var environment = new Dictionary<string, string>
        {
            ["REGISTRY"] = registry,
            ["TAG"] = "0.1.0-e2e",
            ["OUT"] = work.Combine("publish"),
            ["LOG"] = work.Combine("publish.log"),
            ["ADVISORY_DB"] = store,
            ["PACKAGE_FEED"] = sample.Feed,
            ["PACKAGE_VERSION"] = sample.PackageVersion,
            ["SIGNING_KEY"] = files.SigningKey,
            ["SIGNING_CERT"] = files.SigningCertificate,
            ["TIMESTAMP_URL"] = tsa.Url.ToString(),
        };
        if (!string.IsNullOrEmpty(artifacts))
        {
            Assert.False(string.IsNullOrEmpty(version), $"{ArtifactsVariable} without {VersionVariable}");
            environment["ARTIFACTS"] = artifacts;
            environment["APP_VERSION"] = version!;
        }

        ProcessResult built = ProcessRunner.Run(
            "bash", [Path.Combine(RepositoryPaths.Root, "build", "image", "serve-image.sh")], RepositoryPaths.Root, environment, TimeSpan.FromMinutes(45));
        Assert.True(built.ExitCode == 0, built.All);

        // Both gates (the app after Publish, the image after PublishContainer) passed under the image's policy with
        // the fresh store, with no warning at all: the repository's warnings-as-errors would have failed the build.
        string log = File.ReadAllText(work.Combine("publish.log"));
        string[] gates = [.. log.Split('\n').Where(l => l.Contains("SupplyGate: PASS", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct()];
        Assert.True(gates.Length == 2, log);
        Assert.All(gates, g => Assert.Contains($"PASS: 0 denied, 0 warnings, 0 suppressed", g, StringComparison.Ordinal));
        Assert.All(gates, g => Assert.Contains($"policy serve-image; advisory data: {store}, built", g, StringComparison.Ordinal));
        Assert.DoesNotContain("SG3005", log, StringComparison.Ordinal);
        Assert.DoesNotContain("SG4020", log, StringComparison.Ordinal);

        Match pushed = ImageLine().Match(built.Output);
        Assert.True(pushed.Success, built.All);
        string image = $"{registry}/supplygate/supplygate:0.1.0-e2e";
        string digest = pushed.Groups[1].Value;
        Assert.Contains($"SupplyGate: signed {PredicateTypes.PolicyResult} of supplygate/supplygate@{digest}", built.All, StringComparison.Ordinal);

        ProcessResult verified = Cli(
            work.Path, "verify", image, "--offline", "--db", store, "--policy", ImagePolicy,
            "--trusted-root", files.TrustedRoot, "--certificate-identity", Identity);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains(digest, verified.Output, StringComparison.Ordinal);

        using (JsonDocument config = JsonDocument.Parse(Skopeo("inspect", "--tls-verify=false", "--config", $"docker://{image}")))
        {
            JsonElement c = config.RootElement.GetProperty("config");
            Assert.Equal(["/app/supplygate"], c.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["serve"], c.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("65532", c.GetProperty("User").GetString());
            Assert.Equal(["8443/tcp", "9090/tcp"], c.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal("supplygate", c.GetProperty("Labels").GetProperty("org.opencontainers.image.title").GetString());
            Assert.Contains(c.GetProperty("Env").EnumerateArray(), e => e.GetString()!.StartsWith("PATH=/app:", StringComparison.Ordinal));
        }

        string rootfs = Unpack(work, image);
        await ServeFromTheImageAsync(work, rootfs, files, store, image, digest);

        // Last, so a run shows every other result first: the image was published from the given compile.
        if (!string.IsNullOrEmpty(artifacts))
        {
            Assert.True(built.All.Contains("native compile: reused", StringComparison.Ordinal), "the image's publish compiled the CLI again:\n" + built.All);
        }
    }

    /// <summary>
    /// What a real build does first, `supplygate db update`, against the public sources' paths and formats served on
    /// 127.0.0.1 from the repository's real fixtures (GHSA, .NET releases, Debian tracker, Alpine, npm, RetireJS).
    /// </summary>
    private static string FreshStore(TempDirectory work)
    {
        using var sources = new PublicSourceServer();
        File.WriteAllText(work.Combine("nuget.config"), sources.NuGetConfig());
        Directory.CreateDirectory(work.Combine("home"));
        string store = work.Combine("advisories.db");
        ProcessResult updated = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "db", "update", "--db", store],
            work.Path,
            new Dictionary<string, string> { ["HOME"] = work.Combine("home"), ["SUPPLYGATE_TEST_SOURCE_BASE"] = sources.BaseUrl });
        Assert.True(updated.ExitCode == 0, updated.All);
        return store;
    }

    /// <summary>The image's layers as one filesystem (umoci unpack, as root: owners and modes as in the image).</summary>
    private static string Unpack(TempDirectory work, string image)
    {
        Skopeo("copy", "--src-tls-verify=false", $"docker://{image}", $"oci:{work.Combine("layout")}:serve");
        ProcessResult unpacked = ProcessRunner.Run("umoci", ["unpack", "--image", $"{work.Combine("layout")}:serve", work.Combine("bundle")], work.Path);
        Assert.True(unpacked.ExitCode == 0, unpacked.All);
        string rootfs = Path.Combine(work.Combine("bundle"), "rootfs");
        Assert.True(File.Exists(Path.Combine(rootfs, "app", "supplygate")), "no /app/supplygate in the image");
        Assert.True(File.Exists(Path.Combine(rootfs, "bin", "sh")), "no /bin/sh for the db-update sidecar");
        return rootfs;
    }

    private static async Task ServeFromTheImageAsync(TempDirectory work, string rootfs, DevelopmentCaFiles files, string store, string image, string digest)
    {
        // What the Deployment mounts: the config with its trusted root and policy, the TLS pair, the advisory store.
        string etc = Path.Combine(rootfs, "etc", "supplygate");
        Directory.CreateDirectory(Path.Combine(etc, "tls"));
        File.Copy(files.TrustedRoot, Path.Combine(etc, "trusted_root.json"));
        File.Copy(ImagePolicy, Path.Combine(etc, "policy.yaml"));
        string data = Path.Combine(rootfs, "var", "lib", "supplygate");
        Directory.CreateDirectory(data);
        File.Copy(store, Path.Combine(data, "advisories.db"));
        File.WriteAllText(Path.Combine(etc, "admission.yaml"), $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: AdmissionConfig
            spec:
              images:
                - match: "{image[..image.IndexOf('/', StringComparison.Ordinal)]}/**"
                  trustedRoot: trusted_root.json
                  certificateIdentity: {Identity}
                  policy: policy.yaml
                  mode: enforce
              unmatched: deny
              db: /var/lib/supplygate/advisories.db
            """);
        ProcessResult key = ProcessRunner.Run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path.Combine(etc, "tls", "tls.key"),
             "-out", Path.Combine(etc, "tls", "tls.crt"), "-days", "2", "-subj", "/CN=supplygate-image", "-addext", "subjectAltName=IP:127.0.0.1"],
            work.Path);
        Assert.True(key.ExitCode == 0, key.All);
        Assert.Equal(0, ProcessRunner.Run("chmod", ["-R", "a+rX", etc], work.Path).ExitCode);
        Assert.Equal(0, ProcessRunner.Run("chown", ["-R", "65532:65532", data], work.Path).ExitCode);
        Directory.CreateDirectory(Path.Combine(rootfs, "tmp"));
        // What a container runtime gives every container and the image (like any image) does not carry: /etc/hosts
        // naming localhost (the test registry is localhost:port) and the OCI runtime spec's default device nodes (the
        // .NET runtime's random numbers need /dev/urandom).
        File.WriteAllText(Path.Combine(rootfs, "etc", "hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        Directory.CreateDirectory(Path.Combine(rootfs, "dev"));
        foreach ((string name, int major, int minor) in new[] { ("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0) })
        {
            string node = Path.Combine(rootfs, "dev", name);
            if (!File.Exists(node))
            {
                ProcessResult made = ProcessRunner.Run("mknod", ["-m", "666", node, "c", major.ToString(CultureInfo.InvariantCulture), minor.ToString(CultureInfo.InvariantCulture)], work.Path);
                Assert.True(made.ExitCode == 0, made.All);
            }
        }

        // Only the image's own files and environment, as the image's user: nothing from this machine but the kernel.
        var info = new ProcessStartInfo("chroot")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--userspec=65532:65532", rootfs, "/app/supplygate", "serve", "--config=/etc/supplygate/admission.yaml", "--listen=127.0.0.1:0",
            "--tls-cert=/etc/supplygate/tls/tls.crt", "--tls-key=/etc/supplygate/tls/tls.key", "--metrics-listen=127.0.0.1:0",
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["HOME"] = "/tmp";
        using ChildProcess serve = ChildProcess.Start(info, ListeningLine());
        Match? listening = serve.WaitForReady(TimeSpan.FromSeconds(60));
        Assert.True(listening is not null, "serve did not start from the image:\n" + serve.Log);

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var admission = new Uri(listening.Groups[1].Value);
        using (HttpResponseMessage health = await http.GetAsync(new Uri(admission, "/healthz")))
        {
            Assert.True(health.IsSuccessStatusCode, $"/healthz: {(int)health.StatusCode}\n{serve.Log}");
        }

        using HttpResponseMessage response = await http.PostAsync(
            new Uri(admission, "/validate"),
            new StringContent(AdmissionBodies.Pod("team", $"{image[..image.LastIndexOf(':')]}@{digest}"), Encoding.UTF8, "application/json"));
        string reviewText = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && reviewText.Length > 0, $"/validate: {(int)response.StatusCode} '{reviewText}'\n{serve.Log}");
        using JsonDocument review = JsonDocument.Parse(reviewText);
        JsonElement answer = review.RootElement.GetProperty("response");
        Assert.True(answer.GetProperty("allowed").GetBoolean(), answer + "\n" + serve.Log);
        Assert.Contains("advisory data /var/lib/supplygate/advisories.db", serve.Log, StringComparison.Ordinal);
        string metrics = await http.GetStringAsync(new Uri(listening.Groups[2].Value.TrimEnd('/') + "/metrics"));
        Assert.Contains("supplygate_admission_requests_total{decision=\"allow\"", metrics, StringComparison.Ordinal);
    }

    private static ProcessResult Cli(string work, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args], work);

    private static string Skopeo(params string[] args)
    {
        ProcessResult result = ProcessRunner.Run("skopeo", args, RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"skopeo {string.Join(' ', args)}\n{result.All}");
        return result.Output;
    }

    [GeneratedRegex(@"^image \S+@(sha256:[0-9a-f]{64})$", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"listening on (https://[^,\s]+), (http://[^;,\s]+)")]
    private static partial Regex ListeningLine();
}
