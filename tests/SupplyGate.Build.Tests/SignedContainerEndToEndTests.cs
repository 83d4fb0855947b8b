using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The signing end-to-end story with real parts: `dotnet publish -t:PublishContainer` of the sample with
/// SupplyGateSign=true signs and attaches the image SBOM and the policy result (fallback referrers index in
/// docker-registry 2.8); the `supplygate verify` process accepts the image; re-tagging another image under
/// the same tag makes verify refuse it; a new advisory imported after the build makes verify deny while the
/// signatures still check out.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class SignedContainerEndToEndTests(PublishedSampleFixture sample, ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    private const string Identity = "https://ci.example.com/supplygate/sample";

    [Fact]
    public async Task SignedPublishContainer_VerifiesThenRefusesARetagAndDeniesANewAdvisory()
    {
        string work = Path.Combine(sample.SamplesDirectory, "out", "signed");
        Directory.CreateDirectory(work);
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = Identity }, TimeProvider.System);
        DevelopmentCaFiles files = ca.WriteTo(Path.Combine(work, "ca"));
        using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
        string policy = WritePolicy(work);
        string registry = containers.Registry.Host;
        string image = $"{registry}/supplygate/signed:2.0.0";

        ProcessResult publish = sample.Publish(
            "-r", "linux-x64", "--self-contained", "-t:PublishContainer", "-o", Path.Combine(work, "publish") + "/",
            $"-p:ContainerBaseImage={containers.BaseImage}",
            $"-p:ContainerRegistry={registry}",
            "-p:ContainerRepository=supplygate/signed",
            "-p:ContainerImageTag=2.0.0",
            $"-p:SupplyGatePolicy={policy}",
            "-p:SupplyGateSign=true",
            $"-p:SupplyGateSigningKey={files.SigningKey}",
            $"-p:SupplyGateSigningCertificate={files.SigningCertificate}",
            $"-p:SupplyGateTimestampUrl={tsa.Url}");
        Assert.True(publish.ExitCode == 0, publish.All);
        Assert.Contains("SupplyGate: signed https://cyclonedx.org/bom of supplygate/signed@sha256:", publish.Output, StringComparison.Ordinal);
        Assert.Contains($"SupplyGate: signed {PredicateTypes.PolicyResult} of supplygate/signed@sha256:", publish.Output, StringComparison.Ordinal);

        // The registry holds the image and, under the fallback tag, an index of exactly the two attestations.
        string digest = Skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{image}").Trim();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        using (JsonDocument index = JsonDocument.Parse(Skopeo("inspect", "--tls-verify=false", "--raw", $"docker://{registry}/supplygate/signed:sha256-{digest["sha256:".Length..]}")))
        {
            var types = index.RootElement.GetProperty("manifests").EnumerateArray()
                .Select(m => m.GetProperty("annotations").GetProperty("dev.sigstore.bundle.predicateType").GetString() ?? string.Empty)
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(["https://cyclonedx.org/bom", PredicateTypes.PolicyResult], types);
        }

        ProcessResult verified = Verify(work, image, policy);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains($"-> {digest}", verified.Output, StringComparison.Ordinal);
        Assert.Contains("At build (", verified.Output, StringComparison.Ordinal);

        // A new advisory after the build: the signatures still verify, the verdict is now deny.
        string db = Path.Combine(work, "today.db");
        string advisory = Path.Combine(work, "GHSA-e2e0-0000-0001.json");
        File.WriteAllText(advisory, NewAdvisory);
        ProcessResult imported = Cli(work, "db", "import", advisory, "--db", db);
        Assert.True(imported.ExitCode == 0, imported.All);
        ProcessResult denied = Verify(work, image, policy, "--db", db);
        Assert.True(denied.ExitCode == 1, denied.All);
        Assert.Contains("ok      referrer", denied.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", denied.Output, StringComparison.Ordinal);
        Assert.Contains("GHSA-e2e0-0000-0001", denied.Output, StringComparison.Ordinal);

        // Another image pushed under the same tag: nothing verifies for its digest.
        Skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{containers.BaseImage}", $"docker://{image}");
        ProcessResult retagged = Verify(work, image, policy);
        Assert.True(retagged.ExitCode == 4, retagged.All);
        Assert.Contains("VERIFICATION FAILED", retagged.Output, StringComparison.Ordinal);
    }

    private const string NewAdvisory = """
        {
          "schema_version": "1.6.0",
          "id": "GHSA-e2e0-0000-0001",
          "modified": "2026-11-20T00:00:00Z",
          "published": "2026-11-20T00:00:00Z",
          "summary": "Published after the image was built (end-to-end test advisory)",
          "affected": [
            {
              "package": { "ecosystem": "NuGet", "name": "Newtonsoft.Json" },
              "ranges": [ { "type": "ECOSYSTEM", "events": [ { "introduced": "0" }, { "fixed": "13.0.1" } ] } ]
            }
          ],
          "database_specific": { "severity": "CRITICAL" }
        }
        """;

    private static string WritePolicy(string work)
    {
        // The sample's SqlClient 2.1.4 would stop the build before anything is signed; accept it here.
        string path = Path.Combine(work, "policy.yaml");
        File.WriteAllText(path, """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: signed-e2e
            spec:
              suppressions:
                - advisory: GHSA-98g6-xh36-x2p7
                  reason: exercised by the gate tests; here signing is under test
                  expires: 2099-12-31
            """);
        return path;
    }

    private static ProcessResult Verify(string work, string image, string policy, params string[] more) =>
        Cli(work, ["verify", image, "--trusted-root", Path.Combine(work, "ca", "trusted_root.json"), "--certificate-identity", Identity, "--policy", policy, .. more]);

    /// <summary>The real CLI process, from this test's output folder (the project reference copies it).</summary>
    private static ProcessResult Cli(string work, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args], work);

    private static string Skopeo(params string[] args)
    {
        ProcessResult result = ProcessRunner.Run("skopeo", args, RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"skopeo {string.Join(' ', args)}\n{result.All}");
        return result.Output;
    }
}
