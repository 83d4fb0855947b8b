using System.Text;
using System.Text.Json;
using SupplyGate.Cli.Tests.Serve;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.MultiPlatform;

/// <summary>
/// `sign` and `verify` on an image index in a real registry: each platform image and the index carry their own
/// attestations (sigstore-js verifies every bundle), verify checks every platform or the one --platform names, and
/// an index changed after signing (a platform replaced, removed or added) exits 4 naming the platform.
/// </summary>
[Trait("Category", "integration")]
public sealed class MultiPlatformSignVerifyTests(MultiPlatformIndexFixture fixture) : IClassFixture<MultiPlatformIndexFixture>
{
    [Fact]
    public async Task Sign_Index_AttachesToEachPlatformAndTheIndex_AndSigstoreJsVerifiesEveryBundle()
    {
        Assert.Contains($"@{fixture.Amd64.Digest} (linux/amd64)", fixture.SignOutput, StringComparison.Ordinal);
        Assert.Contains($"@{fixture.Arm64.Digest} (linux/arm64)", fixture.SignOutput, StringComparison.Ordinal);
        using var http = new HttpClient();
        RegistryClient client = fixture.Client(http);

        var seen = new Dictionary<Digest, List<string>>();
        foreach (Digest subject in new[] { fixture.Index, fixture.Amd64.Digest, fixture.Arm64.Digest })
        {
            AttestationDiscoveryResult found = await new AttestationDiscovery(client).DiscoverAsync(MultiPlatformIndexFixture.Repository, subject, CancellationToken.None);
            seen[subject] = [];
            foreach (DiscoveredAttestation attestation in found.Attestations)
            {
                byte[] bundle = Assert.IsType<byte[]>(attestation.BundleJson);
                string path = fixture.Combine($"bundle-{Guid.NewGuid():N}.json");
                await File.WriteAllBytesAsync(path, bundle);
                ProcessResult verified = ProcessRunner.Run(
                    "node", [Path.Combine(RepositoryPaths.Root, "tests", "interop", "verify-bundle.mjs"), path, fixture.Ca.TrustedRoot, "--san", AttestationTestPki.Identity], RepositoryPaths.Root);
                Assert.True(verified.ExitCode == 0, verified.All);

                using JsonDocument statement = Statement(bundle);
                Assert.Equal(subject.Encoded, statement.RootElement.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString());
                string type = statement.RootElement.GetProperty("predicateType").GetString()!;
                seen[subject].Add(type);
                if (type == PlatformsPredicate.Type)
                {
                    // The list binds exactly the two platform digests; the unknown/unknown attestation manifest is no platform.
                    var listed = statement.RootElement.GetProperty("predicate").GetProperty("manifests").EnumerateArray()
                        .Select(m => $"{m.GetProperty("platform").GetString()}={m.GetProperty("digest").GetString()}").ToArray();
                    Assert.Equal([$"linux/amd64={fixture.Amd64.Digest}", $"linux/arm64={fixture.Arm64.Digest}"], listed);
                }
            }
        }

        Assert.Equal([PlatformsPredicate.Type], seen[fixture.Index]);
        Assert.All(new[] { fixture.Amd64.Digest, fixture.Arm64.Digest }, child =>
            Assert.Equal(new[] { PlatformsPredicate.Type, PredicateTypes.CycloneDx, PredicateTypes.PolicyResult }.Order(), seen[child].Order()));
    }

    [Fact]
    public void Verify_Index_ChecksEveryPlatform_AndJudgesEachSbom()
    {
        var (exit, output, error) = fixture.Verify(fixture.IndexImage);

        Assert.True(exit == 0, output + error);
        Assert.Contains($"Index {fixture.Index} (linux/amd64, linux/arm64):", output, StringComparison.Ordinal);
        Assert.Contains($"Platform linux/amd64 ({fixture.Amd64.Digest}):", output, StringComparison.Ordinal);
        Assert.Contains($"Platform linux/arm64 ({fixture.Arm64.Digest}):", output, StringComparison.Ordinal);
        Assert.Contains("Platform linux/amd64, today (", output, StringComparison.Ordinal);
        Assert.Contains("Platform linux/arm64, today (", output, StringComparison.Ordinal);
        Assert.Contains("At build [linux/arm64]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PlatformOption_ChecksOnlyThatPlatform_AndRefusesOneTheIndexLacks()
    {
        var (exit, output, error) = fixture.Verify(fixture.IndexImage, "--platform", "linux/arm64");
        Assert.True(exit == 0, output + error);
        Assert.Contains("Platform linux/arm64, today (", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Platform linux/amd64", output, StringComparison.Ordinal);

        var (missing, _, missingError) = fixture.Verify(fixture.IndexImage, "--platform", "linux/s390x");
        Assert.Equal(2, missing);
        Assert.Contains("SG2070", missingError, StringComparison.Ordinal);
        Assert.Contains("has no platform linux/s390x (it has linux/amd64, linux/arm64)", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PlatformReplacedAfterSigning_ExitsFour_NamingIt()
    {
        Descriptor other = await fixture.PushPlatformImageAsync("arm64-rebuilt", "arm64", epoch: 5);
        await fixture.PushIndexAsync("replaced", [MultiPlatformIndexFixture.Entry(fixture.Amd64, "amd64"), MultiPlatformIndexFixture.Entry(other, "arm64")]);

        var (exit, output, error) = fixture.Verify($"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:replaced");

        Assert.True(exit == 4, output + error);
        Assert.Contains($"VERIFICATION FAILED (SG5041) on linux/arm64: platform linux/arm64 is {other.Digest} in the index, but {fixture.Arm64.Digest} in the platform list signed with its platforms: replaced after signing", output, StringComparison.Ordinal);
        Assert.Contains($"VERIFICATION FAILED (SG5040) on linux/arm64: platform linux/arm64 ({other.Digest}) has no verified attestation", output, StringComparison.Ordinal);
        Assert.DoesNotContain("on linux/amd64", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PlatformRemovedAfterSigning_ExitsFour_NamingIt()
    {
        await fixture.PushIndexAsync("removed", [MultiPlatformIndexFixture.Entry(fixture.Amd64, "amd64")]);

        var (exit, output, error) = fixture.Verify($"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:removed");

        Assert.True(exit == 4, output + error);
        Assert.Contains("VERIFICATION FAILED (SG5041): the index sha256:", output, StringComparison.Ordinal);
        Assert.Contains($"VERIFICATION FAILED (SG5041) on linux/arm64: platform linux/arm64 ({fixture.Arm64.Digest}) is in the platform list signed with its platforms but not in the index: removed after signing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnsignedPlatformAdded_ExitsFour_NamingIt()
    {
        Descriptor added = await fixture.PushPlatformImageAsync("s390x", "s390x", epoch: 0);
        await fixture.PushIndexAsync("added", [
            MultiPlatformIndexFixture.Entry(fixture.Amd64, "amd64"), MultiPlatformIndexFixture.Entry(fixture.Arm64, "arm64"), MultiPlatformIndexFixture.Entry(added, "s390x")]);

        var (exit, output, error) = fixture.Verify($"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:added");

        Assert.True(exit == 4, output + error);
        Assert.Contains($"VERIFICATION FAILED (SG5041) on linux/s390x: platform linux/s390x ({added.Digest}) is in the index but not in the platform list signed with its platforms: added after signing", output, StringComparison.Ordinal);
        Assert.Contains($"VERIFICATION FAILED (SG5040) on linux/s390x: platform linux/s390x ({added.Digest}) has no verified attestation of type {PredicateTypes.CycloneDx} (none attached: unsigned)", output, StringComparison.Ordinal);

        // The two signed platforms alone still verify.
        var (one, oneOutput, oneError) = fixture.Verify($"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:added", "--platform", "linux/arm64");
        Assert.True(one == 4, oneOutput + oneError);
        Assert.DoesNotContain("(SG5040)", oneOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PolicyRequiresAPlatformTheIndexLacks_ExitsFour_NamingIt()
    {
        string policy = fixture.Combine("platforms.yaml");
        await File.WriteAllTextAsync(policy, """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: platforms
            spec:
              image:
                platforms: [linux/amd64, linux/arm64, linux/riscv64]
            """);

        var (exit, output, error) = fixture.Verify(fixture.IndexImage, "--policy", policy);

        Assert.True(exit == 4, output + error);
        Assert.Contains("VERIFICATION FAILED (SG5042) on linux/riscv64: the policy requires platform linux/riscv64 (spec.image.platforms), but the index has only linux/amd64, linux/arm64", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), line => line.StartsWith("VERIFICATION FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_IndexWithAMachineFormatAndNoOutput_IsAUsageError()
    {
        var (exit, _, error) = fixture.Verify(fixture.IndexImage, "--format", "json");

        Assert.Equal(2, exit);
        Assert.Contains("--format json writes one report per platform", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_IndexWithJsonOutput_WritesOneReportPerPlatform()
    {
        string output = fixture.Combine("verify-report.json");

        var (exit, text, error) = fixture.Verify(fixture.IndexImage, "--format", "json", "--output", output);

        Assert.True(exit == 0, text + error);
        foreach (string platform in new[] { "linux-amd64", "linux-arm64" })
        {
            using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(fixture.Combine($"verify-report.{platform}.json")));
            Assert.Equal("pass", report.RootElement.GetProperty("decision").GetString());
        }

        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Sign_IndexMissingAPlatformsSbom_ExitsTwo_AndAttachesNothing()
    {
        Descriptor amd64 = await fixture.PushPlatformImageAsync("partial-amd64", "amd64", epoch: 3);
        Descriptor arm64 = await fixture.PushPlatformImageAsync("partial-arm64", "arm64", epoch: 3);
        await fixture.PushIndexAsync("partial", [MultiPlatformIndexFixture.Entry(amd64, "amd64"), MultiPlatformIndexFixture.Entry(arm64, "arm64")]);
        string sbom = fixture.Combine("partial.cdx.json");
        Assert.Equal(0, fixture.Run("sbom", "image", $"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}@{amd64.Digest}", "-o", sbom).ExitCode);
        string image = $"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:partial";
        string[] signing = ["--key", fixture.Ca.SigningKey, "--cert", fixture.Ca.SigningCertificate, "--timestamp-url", fixture.TsaUrl.ToString()];

        var (exit, _, error) = fixture.Run(["sign", image, "--sbom", $"linux/amd64={sbom}", .. signing]);
        var (plain, _, plainError) = fixture.Run(["sign", image, "--sbom", sbom, .. signing]);
        var (unknown, _, unknownError) = fixture.Run(["sign", image, "--sbom", $"linux/amd64={sbom}", "--sbom", $"linux/ppc64le={sbom}", .. signing]);

        Assert.Equal(2, exit);
        Assert.Contains($"SG2070", error, StringComparison.Ordinal);
        Assert.Contains($"platform linux/arm64 ({arm64.Digest}) has nothing to sign", error, StringComparison.Ordinal);
        Assert.Equal(2, plain);
        Assert.Contains("is an index of linux/amd64, linux/arm64: give one SBOM per platform", plainError, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("has no platform linux/ppc64le (it has linux/amd64, linux/arm64)", unknownError, StringComparison.Ordinal);
        using var http = new HttpClient();
        foreach (Digest subject in new[] { amd64.Digest, arm64.Digest })
        {
            AttestationDiscoveryResult found = await new AttestationDiscovery(fixture.Client(http)).DiscoverAsync(MultiPlatformIndexFixture.Repository, subject, CancellationToken.None);
            Assert.Empty(found.Attestations);
        }
    }

    [Fact]
    public async Task Serve_AdmitsTheSignedIndex_AndDeniesOneWithAnUnsignedPlatform_NamingIt()
    {
        Descriptor added = await fixture.PushPlatformImageAsync("serve-ppc64le", "ppc64le", epoch: 0);
        string tampered = $"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:serve-added";
        await fixture.PushIndexAsync("serve-added", [
            MultiPlatformIndexFixture.Entry(fixture.Amd64, "amd64"), MultiPlatformIndexFixture.Entry(fixture.Arm64, "arm64"), MultiPlatformIndexFixture.Entry(added, "ppc64le")]);
        string config = AdmissionConfigYaml.Write(
            fixture.Combine("admission-multi.yaml"), fixture.Registry.Host, fixture.Ca.TrustedRoot, ruleExtra: "      mode: enforce");
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "multi");
        using ServeProcess server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);

        (int status, JsonElement signed) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.IndexImage));
        (_, JsonElement refused) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", tampered));

        Assert.Equal(200, status);
        Assert.True(signed.GetProperty("allowed").GetBoolean(), signed.ToString() + server.Log);
        Assert.False(refused.GetProperty("allowed").GetBoolean(), refused.ToString());
        string message = refused.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains($"platform linux/ppc64le ({added.Digest}) is in the index but not in the platform list signed with its platforms: added after signing", message, StringComparison.Ordinal);
        Assert.Contains($"platform linux/ppc64le ({added.Digest}) has no verified attestation", message, StringComparison.Ordinal);
        Assert.Contains("(SG5041)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithTheNodesPlatform_JudgesOnlyThatPlatform_AndRefusesAnIndexWithoutIt()
    {
        string config = AdmissionConfigYaml.Write(
            fixture.Combine("admission-arm64.yaml"), fixture.Registry.Host, fixture.Ca.TrustedRoot, "  platform: linux/arm64", "      mode: enforce");
        Descriptor amd64Only = await fixture.PushPlatformImageAsync("serve-amd64-only", "amd64", epoch: 7);
        await fixture.PushIndexAsync("serve-amd64-only-index", [MultiPlatformIndexFixture.Entry(amd64Only, "amd64")]);
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "arm64");
        using ServeProcess server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);

        (_, JsonElement signed) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.IndexImage));
        (_, JsonElement without) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", $"{fixture.Registry.Host}/{MultiPlatformIndexFixture.Repository}:serve-amd64-only-index"));

        Assert.True(signed.GetProperty("allowed").GetBoolean(), signed.ToString() + server.Log);
        Assert.False(without.GetProperty("allowed").GetBoolean(), without.ToString());
        string message = without.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains("has no platform linux/arm64 (it has linux/amd64)", message, StringComparison.Ordinal);
        Assert.Contains("(SG2070)", message, StringComparison.Ordinal);
        Assert.Equal(1, await server.MetricAsync("supplygate_admission_requests_total", "reason=\"invalid_image\""));
    }

    private static JsonDocument Statement(byte[] bundle)
    {
        using JsonDocument document = JsonDocument.Parse(bundle);
        string payload = document.RootElement.GetProperty("dsseEnvelope").GetProperty("payload").GetString()!;
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
    }
}
