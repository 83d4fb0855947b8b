using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A real multi-platform container publish: `dotnet publish -t:PublishContainer` with
/// ContainerRuntimeIdentifiers=linux-x64;linux-arm64 on a two-platform base index in a local docker-registry, with
/// SupplyGate.Build. The SDK pushes an index; skopeo reads it back; one image SBOM per platform is written and
/// gated, and a deny on arm64 alone fails the build naming linux/arm64.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class MultiPlatformContainerEndToEndTests(PublishedSampleFixture sample, MultiPlatformImages images) : IClassFixture<MultiPlatformImages>
{
    [Fact]
    public void PublishContainer_TwoRuntimeIdentifiers_OneGatedSbomPerPlatformAndADenyOnArm64FailsNamingIt()
    {
        string app = WriteApp(Path.Combine(sample.SamplesDirectory, "multi-platform"));
        string repository = "supplygate/multi";

        // 1. The default policy passes both platforms.
        string outDir = Path.Combine(app, "out") + "/";
        ProcessResult publish = Publish(app, outDir, repository, "1.0");
        Assert.True(publish.ExitCode == 0, publish.All);

        string index = $"{images.Registry.Host}/{repository}:1.0";
        using JsonDocument raw = JsonDocument.Parse(Skopeo("inspect", "--tls-verify=false", "--raw", $"docker://{index}"));
        Assert.Equal("application/vnd.oci.image.index.v1+json", raw.RootElement.GetProperty("mediaType").GetString());
        Dictionary<string, string> children = raw.RootElement.GetProperty("manifests").EnumerateArray()
            .ToDictionary(m => m.GetProperty("platform").GetProperty("architecture").GetString()!, m => m.GetProperty("digest").GetString()!, StringComparer.Ordinal);
        Assert.Equal(["amd64", "arm64"], children.Keys.Order(StringComparer.Ordinal));
        using JsonDocument armConfig = JsonDocument.Parse(Skopeo("inspect", "--tls-verify=false", "--override-os", "linux", "--override-arch", "arm64", "--config", $"docker://{index}"));
        Assert.Equal("arm64", armConfig.RootElement.GetProperty("architecture").GetString());

        foreach ((string arch, string slug) in new[] { ("amd64", "linux-amd64"), ("arm64", "linux-arm64") })
        {
            string sbomPath = Path.Combine(outDir, $"MultiApp.image.{slug}.cdx.json");
            (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
            Assert.True(valid, validation);
            var sbom = new SbomDocument(sbomPath);
            Assert.Equal(children[arch], sbom.Subject.Version);
            Assert.Contains($"arch={arch}", sbom.Subject.Purl, StringComparison.Ordinal);
            Assert.Equal(arch == "arm64", sbom.Components.Any(c => c.Name == MultiPlatformImages.Arm64OnlyPackage));

            // The build's app SBOM was merged in: the app found by its deps.json took the build's name for it.
            Assert.Contains(sbom.Components, c => c.Name == "MultiApp" && !c.BomRef.StartsWith("image-app:", StringComparison.Ordinal));

            // With -o both inner builds publish into one folder, side by side: each RID writes its own app SBOM there.
            string rid = arch == "amd64" ? "linux-x64" : "linux-arm64";
            string appSbom = Path.Combine(outDir, $"MultiApp.{rid}.cdx.json");
            Assert.True(File.Exists(appSbom), $"no app SBOM for {rid} in {outDir}: {string.Join(", ", Directory.GetFiles(outDir, "*.cdx.json").Select(Path.GetFileName))}");
            string appText = File.ReadAllText(appSbom);
            Assert.Contains(rid, appText, StringComparison.Ordinal);
            Assert.DoesNotContain(arch == "amd64" ? "linux-arm64" : "linux-x64", appText, StringComparison.Ordinal);
            Assert.DoesNotContain($"no app SBOM merged for runtime '{rid}'", publish.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(outDir, $"MultiApp.image.{slug}.supplygate.json")));
        }

        // The SDK's inner builds cut the base-name label at its first ':'; the build restores it from ContainerBaseImage,
        // so the base is looked up (no SG1018) and base-image rules see the real base.
        Assert.DoesNotContain("SG1018", publish.Output, StringComparison.Ordinal);
        foreach (string slug in new[] { "linux-amd64", "linux-arm64" })
        {
            string text = File.ReadAllText(Path.Combine(outDir, $"MultiApp.image.{slug}.cdx.json"));
            Assert.Contains($"\"{images.Registry.Host}/{images.Repository}:1-index\"", text, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(outDir, "MultiApp.image.cdx.json")));
        Assert.DoesNotContain("no app SBOM merged", publish.Output, StringComparison.Ordinal);

        // The signer's contract: one item per platform image, and the index digest.
        string indexDigest = Skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{index}").Trim();
        Assert.Contains($"contract-index: {indexDigest}", publish.Output, StringComparison.Ordinal);
        foreach ((string arch, string slug) in new[] { ("amd64", "linux-amd64"), ("arm64", "linux-arm64") })
        {
            Assert.Matches(
                new Regex($"contract-platform: {Regex.Escape(children[arch])} linux/{arch} \\S+MultiApp\\.image\\.{slug}\\.cdx\\.json \\S+{slug}/policy-result\\.json \\S+MultiApp\\.image\\.{slug}\\.secrets\\.json"),
                publish.Output);
            Assert.True(File.Exists(Path.Combine(app, "obj", "Release", "net10.0", "supplygate", "image", slug, "policy-result.json")));
        }

        // 2. A policy denying a package only the arm64 base has: the build fails and says linux/arm64; amd64 passes.
        string policy = MultiPlatformImages.WriteDenyArm64Policy(app);
        ProcessResult denied = Publish(app, Path.Combine(app, "out-denied") + "/", repository, "1.1", $"-p:SupplyGatePolicy={policy}");
        Assert.True(denied.ExitCode != 0, denied.All);
        string sg4030 = Assert.Single(Lines(denied.Output, "error SG4030: SupplyGate: image platform"));
        Assert.Contains("image platform linux/arm64 (sha256:", sg4030, StringComparison.Ordinal);
        Assert.Contains(Lines(denied.Output, "error SG4010"), l => l.Contains("[linux/arm64] " + MultiPlatformImages.Arm64OnlyPackage, StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(denied.Output, "error SG"), l => l.Contains("linux/amd64 (", StringComparison.Ordinal) || l.Contains("[linux/amd64]", StringComparison.Ordinal));
        Assert.Contains("[linux/amd64] PASS", denied.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("contract-platform:", denied.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedPublish_SignsEveryPlatformAndTheIndex_AndVerifyAcceptsTheIndex()
    {
        const string identity = "https://ci.example.com/supplygate/multi";
        string app = WriteApp(Path.Combine(sample.SamplesDirectory, "multi-platform-signed"));
        string work = Path.Combine(app, "work");
        Directory.CreateDirectory(work);
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = identity }, TimeProvider.System);
        DevelopmentCaFiles files = ca.WriteTo(Path.Combine(work, "ca"));
        using X509Certificate2 tsaCertificate = X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        await using DevTimestampServer tsa = DevTimestampServer.Start(new DevTimestampAuthority(tsaCertificate, TimeProvider.System));

        ProcessResult publish = Publish(
            app, Path.Combine(app, "out") + "/", "supplygate/multi-signed", "1.0",
            "-p:SupplyGateSign=true",
            $"-p:SupplyGateSigningKey={files.SigningKey}",
            $"-p:SupplyGateSigningCertificate={files.SigningCertificate}",
            $"-p:SupplyGateTimestampUrl={tsa.Url}");
        Assert.True(publish.ExitCode == 0, publish.All);

        // The CLI as a separate process verifies the index the build pushed: each platform and the signed platform list.
        string index = $"{images.Registry.Host}/supplygate/multi-signed:1.0";
        ProcessResult verified = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "verify", index, "--offline", "--trusted-root", Path.Combine(work, "ca", "trusted_root.json"), "--certificate-identity", identity],
            work);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains("linux/amd64", verified.Output, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", verified.Output, StringComparison.Ordinal);
    }

    private ProcessResult Publish(string app, string outDir, string repository, string tag, params string[] extra) =>
        ProcessRunner.Dotnet(app, null,
        [
            "publish", "-c", "Release", "-t:PublishContainer", "-o", outDir, "-p:UseSharedCompilation=false", "-nodeReuse:false",
            $"-p:ContainerBaseImage={images.Registry.Host}/{images.Repository}:1-index",
            $"-p:ContainerRegistry={images.Registry.Host}",
            $"-p:ContainerRepository={repository}",
            $"-p:ContainerImageTag={tag}",
            "-p:SupplyGateAdvisoryUpdate=false",
            .. extra,
        ]);

    /// <summary>A framework-dependent console app without an apphost: the ref pack is all either RID needs.</summary>
    private string WriteApp(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), "System.Console.WriteLine(\"multi\");\n");
        File.WriteAllText(Path.Combine(dir, "MultiApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <UseAppHost>false</UseAppHost>
                <SelfContained>false</SelfContained>
                <RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers>
                <ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SupplyGate.Build" Version="{sample.PackageVersion}" PrivateAssets="all" />
              </ItemGroup>
              <!-- What the signing step receives, printed for the test. -->
              <Target Name="PrintSigningContract" AfterTargets="SupplyGateImage">
                <Message Importance="high" Text="contract-index: $(_SupplyGateImageIndexDigest)" />
                <Message Importance="high" Text="contract-platform: %(_SupplyGateImagePlatform.Identity) %(_SupplyGateImagePlatform.Platform) %(_SupplyGateImagePlatform.ImageSbomPath) %(_SupplyGateImagePlatform.PolicyResultPath) %(_SupplyGateImagePlatform.ImageSecretsPath)" />
              </Target>
            </Project>
            """);
        E2eNuGetConfig.Write(dir, sample.Feed);
        return dir;
    }

    private static string Skopeo(params string[] args)
    {
        ProcessResult result = ProcessRunner.Run("skopeo", args, RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.All);
        return result.Output;
    }

    private static IEnumerable<string> Lines(string output, string marker) =>
        output.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal));
}
