using System.Security.Cryptography.X509Certificates;
using Microsoft.Build.Framework;
using SupplyGate.Build.Tasks;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The SignImage task with the items a multi-platform publish hands it (one per platform image, plus the index
/// digest), against the real local registry and the development TSA; what it attaches is then verified as an index
/// by the same Core check `verify` runs.
/// </summary>
[Trait("Category", "integration")]
public sealed class SignImageTaskTests
{
    private const string Identity = "https://ci.example.com/multi";
    private const string Repository = "task/multi";

    [Fact]
    public async Task PlatformItems_SignEachPlatformAndTheIndex_AndTheIndexVerifies()
    {
        using var temp = new TempDirectory("sg-signimage");
        using var registry = new LocalRegistry();
        using var http = new HttpClient();
        var client = new RegistryClient(registry.Host, http, new RegistryClientOptions { TimeProvider = TimeProvider.System });
        Descriptor amd64 = await PushPlatformImageAsync(registry, client, temp, "amd64");
        Descriptor arm64 = await PushPlatformImageAsync(registry, client, temp, "arm64");
        byte[] indexBytes = OciDocuments.SerializeIndex(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [amd64 with { Platform = new Platform("linux", "amd64") }, arm64 with { Platform = new Platform("linux", "arm64") }],
        });
        Digest index = (await client.Manifests.PutAsync(Repository, "1.0", MediaTypes.OciIndex, indexBytes, null, CancellationToken.None)).Digest;
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = Identity }, TimeProvider.System);
        DevelopmentCaFiles files = ca.WriteTo(temp.Combine("ca"));
        using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));
        string sbom = temp.Combine("app.cdx.json");
        await File.WriteAllTextAsync(sbom, """{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[]}""");
        string result = temp.Combine("arm64.policy-result.json");
        await File.WriteAllTextAsync(result, """{"decision":"pass","findings":[]}""");

        var engine = new CapturingBuildEngine();
        using var task = new SignImage
        {
            BuildEngine = engine,
            Registry = registry.Host,
            Repository = Repository,
            Platforms = [Item(amd64.Digest, "linux/amd64", sbom, temp.Combine("no-gate.json")), Item(arm64.Digest, "linux/arm64", sbom, result)],
            IndexDigest = index.ToString(),
            SigningKey = files.SigningKey,
            SigningCertificate = files.SigningCertificate,
            TimestampUrl = tsa.Url.ToString(),
        };

        Assert.True(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));
        string[] attached = task.Attestations.Select(a => $"{a.GetMetadata("Platform")} {a.GetMetadata("PredicateType")} {a.GetMetadata("Subject")}").ToArray();
        Assert.Equal(
            [
                $"linux/amd64 {PredicateTypes.CycloneDx} {registry.Host}/{Repository}@{amd64.Digest}",
                $"linux/amd64 {PlatformsPredicate.Type} {registry.Host}/{Repository}@{amd64.Digest}",
                $"linux/arm64 {PredicateTypes.CycloneDx} {registry.Host}/{Repository}@{arm64.Digest}",
                $"linux/arm64 {PredicateTypes.PolicyResult} {registry.Host}/{Repository}@{arm64.Digest}",
                $"linux/arm64 {PlatformsPredicate.Type} {registry.Host}/{Repository}@{arm64.Digest}",
                $" {PlatformsPredicate.Type} {registry.Host}/{Repository}@{index}",
            ],
            attached);

        ManifestResponse top = await client.Manifests.GetAsync(Repository, "1.0", CancellationToken.None);
        TrustedRoot root = TrustedRootReader.ReadFile(files.TrustedRoot);
        AttestedIndex verified = await AttestedIndexCheck.VerifyAsync(
            client,
            ImageReference.Parse($"{registry.Host}/{Repository}:1.0"),
            top,
            new IndexCheckRequest
            {
                Policy = digest => new BundleVerificationPolicy(root, CertificateIdentityPolicy.Exact(Identity), digest.ToString()),
                RequiredTypes = [PredicateTypes.CycloneDx],
                RequiredPlatforms = ["linux/amd64", "linux/arm64"],
            },
            TimeProvider.System,
            CancellationToken.None);
        Assert.True(verified.Verified, string.Join('\n', verified.Problems.Select(p => p.Message)));
        Assert.Equal(["linux/amd64", "linux/arm64"], verified.Platforms.Select(p => p.Image.Platform));
    }

    [Fact]
    public void SeveralPlatformItemsWithoutAnIndexDigest_FailWithSG2070_BeforeAnyRegistryCall()
    {
        var engine = new CapturingBuildEngine();
        using var task = new SignImage
        {
            BuildEngine = engine,
            Registry = "127.0.0.1:9",
            Repository = Repository,
            Platforms = [Item(Digest.Sha256("a"u8), "linux/amd64", "a.json", string.Empty), Item(Digest.Sha256("b"u8), "linux/arm64", "b.json", string.Empty)],
            SigningKey = "missing.key",
        };

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("SG2070", error.Code);
        Assert.Contains("2 platform images but no IndexDigest", error.Message, StringComparison.Ordinal);
    }

    private static Microsoft.Build.Utilities.TaskItem Item(Digest digest, string platform, string sbom, string policyResult)
    {
        var item = new Microsoft.Build.Utilities.TaskItem(digest.ToString());
        item.SetMetadata("Platform", platform);
        item.SetMetadata("ImageSbomPath", sbom);
        item.SetMetadata("PolicyResultPath", policyResult);
        item.SetMetadata("ImageSecretsPath", string.Empty);
        return item;
    }

    private static async Task<Descriptor> PushPlatformImageAsync(LocalRegistry registry, RegistryClient client, TempDirectory temp, string arch)
    {
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root, new Dictionary<string, string>
        {
            ["REGISTRY"] = registry.Host,
            ["IMAGE"] = $"{registry.Host}/{Repository}:{arch}",
            ["MODE"] = "file",
            ["ARCH"] = arch,
            ["SOURCE_DATE_EPOCH"] = "0",
            ["WORK"] = temp.Combine($"work-{arch}"),
        });
        Assert.True(made.ExitCode == 0, made.All);
        ManifestResponse manifest = await client.Manifests.GetAsync(Repository, arch, CancellationToken.None);
        return new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length };
    }
}
