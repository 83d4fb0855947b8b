using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Cli.Tests.Serve;
using SupplyGate.Core.Attestations;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The service's own image, end to end with real parts: build/image/serve-image.sh publishes the CLI with the SDK's
/// container publish (Native AOT, linux-x64) onto the debootstrap base with OpenSSL, SupplyGate.Build gating it and
/// signing its SBOM and policy result (development CA and TSA), into the local registry. `supplygate verify`
/// accepts the image; its config says entrypoint, default arguments, user, ports and labels; and the image's
/// filesystem, unpacked with umoci, runs `serve` in a chroot as the image's user: it listens with TLS and admits a
/// Pod running the image itself (verified and judged through the registry).
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed partial class ServeImageEndToEndTests(ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    private const string Identity = "https://ci.example.com/supplygate/serve-image";

    [Fact]
    public async Task ServeImage_IsSignedAndVerifies_AndItsFilesystemServesAdmission()
    {
        using var work = new TempDirectory("sg-serve-image");
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = Identity }, TimeProvider.System);
        DevelopmentCaFiles files = ca.WriteTo(work.Combine("ca"));
        using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
        string registry = containers.Registry.Host;

        ProcessResult built = ProcessRunner.Run(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "build", "image", "serve-image.sh")],
            RepositoryPaths.Root,
            new Dictionary<string, string>
            {
                ["REGISTRY"] = registry,
                ["TAG"] = "0.1.0-e2e",
                ["OUT"] = work.Combine("publish"),
                ["SIGNING_KEY"] = files.SigningKey,
                ["SIGNING_CERT"] = files.SigningCertificate,
                ["TIMESTAMP_URL"] = tsa.Url.ToString(),
            },
            TimeSpan.FromMinutes(30));
        Assert.True(built.ExitCode == 0, built.All);
        Match pushed = ImageLine().Match(built.Output);
        Assert.True(pushed.Success, built.All);
        string image = $"{registry}/supplygate/supplygate:0.1.0-e2e";
        string digest = pushed.Groups[1].Value;
        Assert.Contains($"SupplyGate: signed {PredicateTypes.PolicyResult} of supplygate/supplygate@{digest}", built.All, StringComparison.Ordinal);

        ProcessResult verified = Cli(work.Path, "verify", image, "--trusted-root", files.TrustedRoot, "--certificate-identity", Identity);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains($"-> {digest}", verified.Output, StringComparison.Ordinal);

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
        await ServeFromTheImageAsync(work, rootfs, files, image, digest);
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

    private static async Task ServeFromTheImageAsync(TempDirectory work, string rootfs, DevelopmentCaFiles files, string image, string digest)
    {
        // What the Deployment mounts: the config with its trusted root, and the TLS pair.
        string etc = Path.Combine(rootfs, "etc", "supplygate");
        Directory.CreateDirectory(Path.Combine(etc, "tls"));
        File.Copy(files.TrustedRoot, Path.Combine(etc, "trusted_root.json"));
        File.WriteAllText(Path.Combine(etc, "admission.yaml"), $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: AdmissionConfig
            spec:
              images:
                - match: "{image[..image.IndexOf('/', StringComparison.Ordinal)]}/**"
                  trustedRoot: trusted_root.json
                  certificateIdentity: {Identity}
                  policy: default
                  mode: enforce
              unmatched: deny
            """);
        ProcessResult key = ProcessRunner.Run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path.Combine(etc, "tls", "tls.key"),
             "-out", Path.Combine(etc, "tls", "tls.crt"), "-days", "2", "-subj", "/CN=supplygate-image", "-addext", "subjectAltName=IP:127.0.0.1"],
            work.Path);
        Assert.True(key.ExitCode == 0, key.All);
        ProcessRunner.Run("chmod", ["-R", "a+rX", etc], work.Path);
        Directory.CreateDirectory(Path.Combine(rootfs, "tmp"));

        // Only the image's own environment, and the image's user: nothing from this machine but the kernel.
        var info = new System.Diagnostics.ProcessStartInfo("chroot")
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
            new StringContent(AdmissionBodies.Pod("team", $"{image[..image.LastIndexOf(':')]}@{digest}"), System.Text.Encoding.UTF8, "application/json"));
        using JsonDocument review = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement answer = review.RootElement.GetProperty("response");
        Assert.True(answer.GetProperty("allowed").GetBoolean(), answer + "\n" + serve.Log);
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
