using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>`attest` and `sign` against a real registry (distribution 2.8: the fallback referrers index) and the dev TSA.</summary>
[Trait("Category", "integration")]
public sealed partial class AttestCommandTests
{
    private const string Identity = "https://ci.example.com/build";
    private const string BundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    [Fact]
    public async Task Attest_SbomOfTheTinyImage_IsAFallbackReferrerThatSigstoreJsVerifies()
    {
        (string image, LocalRegistry registry) = TinyImage();
        using (registry)
        {
            using var temp = new TempDirectory("sg-attest");
            string ca = temp.Combine("ca");
            var env = new Dictionary<string, string> { ["HOME"] = temp.Path };
            Assert.Equal(0, CliRunner.Run(env, temp.Path, "ca", "init", "--dir", ca, "--identity", Identity).ExitCode);
            string sbom = temp.Combine("tiny.cdx.json");
            var made = CliRunner.Run(env, temp.Path, "sbom", "image", image, "-o", sbom);
            Assert.True(made.ExitCode == 0, made.Error);
            using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(ca, "tsa.pem"), Path.Combine(ca, "tsa.key"));
            await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
            string[] attest = ["attest", image, "--predicate", sbom, "--type", "https://cyclonedx.org/bom",
                "--key", Path.Combine(ca, "signing.key"), "--cert", Path.Combine(ca, "signing.pem"), "--timestamp-url", tsa.Url.ToString()];

            var (exit, output, error) = CliRunner.Run(env, temp.Path, attest);

            Assert.True(exit == 0, error + output);
            Match attested = Attested().Match(output);
            Assert.True(attested.Success, output);
            string subject = attested.Groups[1].Value;
            using var http = new HttpClient { BaseAddress = registry.BaseUri };
            JsonElement index = await GetManifestAsync(http, $"v2/tiny/glibc/manifests/sha256-{subject["sha256:".Length..]}");
            JsonElement entry = Assert.Single(index.GetProperty("manifests").EnumerateArray());
            Assert.Equal(attested.Groups[2].Value, entry.GetProperty("digest").GetString());
            Assert.Equal(BundleType, entry.GetProperty("artifactType").GetString());
            Assert.Equal("dsse-envelope", entry.GetProperty("annotations").GetProperty("dev.sigstore.bundle.content").GetString());
            Assert.Equal("https://cyclonedx.org/bom", entry.GetProperty("annotations").GetProperty("dev.sigstore.bundle.predicateType").GetString());

            JsonElement manifest = await GetManifestAsync(http, $"v2/tiny/glibc/manifests/{entry.GetProperty("digest").GetString()}");
            Assert.Equal(BundleType, manifest.GetProperty("artifactType").GetString());
            Assert.Equal("application/vnd.oci.empty.v1+json", manifest.GetProperty("config").GetProperty("mediaType").GetString());
            Assert.Equal("e30=", manifest.GetProperty("config").GetProperty("data").GetString());
            Assert.Equal(subject, manifest.GetProperty("subject").GetProperty("digest").GetString());
            Assert.True(manifest.GetProperty("annotations").TryGetProperty("org.opencontainers.image.created", out _));
            JsonElement layer = Assert.Single(manifest.GetProperty("layers").EnumerateArray());
            Assert.Equal(BundleType, layer.GetProperty("mediaType").GetString());
            string bundle = temp.Combine("bundle.json");
            await File.WriteAllBytesAsync(bundle, await http.GetByteArrayAsync(new Uri($"v2/tiny/glibc/blobs/{layer.GetProperty("digest").GetString()}", UriKind.Relative)));
            ProcessResult verified = ProcessRunner.Run("node", [Path.Combine(RepositoryPaths.Root, "tests", "interop", "verify-bundle.mjs"), bundle, Path.Combine(ca, "trusted_root.json"), "--san", Identity], RepositoryPaths.Root);
            Assert.True(verified.ExitCode == 0, verified.All);

            // Again: a second, distinct referrer; and `sign` adds the SBOM and the policy result.
            Assert.Equal(0, CliRunner.Run(env, temp.Path, attest).ExitCode);
            string policy = temp.Combine("policy-result.json");
            await File.WriteAllTextAsync(policy, """{"decision":"pass","findings":[]}""");
            var signed = CliRunner.Run(env, temp.Path, "sign", image, "--sbom", sbom, "--policy-result", policy,
                "--key", Path.Combine(ca, "signing.key"), "--cert", Path.Combine(ca, "signing.pem"), "--timestamp-url", tsa.Url.ToString());
            Assert.True(signed.ExitCode == 0, signed.Error + signed.Output);
            index = await GetManifestAsync(http, $"v2/tiny/glibc/manifests/sha256-{subject["sha256:".Length..]}");
            var entries = index.GetProperty("manifests").EnumerateArray().ToList();
            Assert.Equal(4, entries.Count);
            Assert.Equal(4, entries.Select(e => e.GetProperty("digest").GetString()).Distinct(StringComparer.Ordinal).Count());
            Assert.Single(entries, e => e.GetProperty("annotations").GetProperty("dev.sigstore.bundle.predicateType").GetString() == "https://supplygate.dev/attestation/policy-result/v1");
        }
    }

    [Fact]
    public void Attest_BadKeyFile_ExitsTwoWithSG5003()
    {
        using var temp = new TempDirectory("sg-attest");
        string key = temp.Combine("bad.key");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        string predicate = temp.Combine("p.json");
        File.WriteAllText(predicate, "{}");

        var (exit, _, error) = CliRunner.Run(null, temp.Path, "attest", "localhost:1/x/y:1", "--predicate", predicate, "--type", "https://example.com/p", "--key", key);

        Assert.Equal(2, exit);
        Assert.Contains("SG5003", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Attest_NoKey_ExitsTwoWithSG5003()
    {
        using var temp = new TempDirectory("sg-attest");
        string predicate = temp.Combine("p.json");
        File.WriteAllText(predicate, "{}");

        var (exit, _, error) = CliRunner.Run(null, temp.Path, "attest", "localhost:1/x/y:1", "--predicate", predicate, "--type", "https://example.com/p");

        Assert.Equal(2, exit);
        Assert.Contains("SG5003", error, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetManifestAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return document.RootElement.Clone();
    }

    private static (string Image, LocalRegistry Registry) TinyImage()
    {
        var registry = new LocalRegistry();
        string image = $"{registry.Host}/tiny/glibc:1.0";
        using var work = new TempDirectory("sg-tiny");
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["REGISTRY"] = registry.Host, ["IMAGE"] = image, ["WORK"] = work.Combine("tiny") });
        Assert.True(made.ExitCode == 0, made.All);
        return (image, registry);
    }

    [GeneratedRegex("@(sha256:[0-9a-f]{64}): (sha256:[0-9a-f]{64})")]
    private static partial Regex Attested();
}
