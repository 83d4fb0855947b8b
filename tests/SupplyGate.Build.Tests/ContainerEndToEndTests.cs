using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The container gate for real: `dotnet publish -t:PublishContainer` of the sample on the debootstrap'd
/// bookworm base, pushed to a local docker-registry or written as an archive, with SupplyGate.Build.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class ContainerEndToEndTests(PublishedSampleFixture sample, ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    private readonly ContainerFixture _containers = containers;

    private string Policy()
    {
        // The sample's SqlClient 2.1.4 would stop the build before the image is made; accept it here.
        string path = Path.Combine(sample.SamplesDirectory, "out", "container-policy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: container-e2e
            spec:
              suppressions:
                - advisory: GHSA-98g6-xh36-x2p7
                  reason: exercised by the gate tests; here the image is under test
                  expires: 2099-12-31
            """);
        return path;
    }

    private ProcessResult PublishContainer(string outDir, params string[] extra) => sample.Publish(
    [
        "-r", "linux-x64", "--self-contained", "-t:PublishContainer", "-o", outDir,
        $"-p:ContainerBaseImage={_containers.BaseImage}",
        "-p:ContainerRepository=supplygate/sample",
        $"-p:SupplyGatePolicy={Policy()}",
        .. extra,
    ]);

    [Fact]
    public void PublishContainer_ToRegistry_ImageSbomHoldsOsPackagesAppAndRuntime()
    {
        string outDir = Path.Combine(sample.SamplesDirectory, "out", "container-registry") + "/";
        ProcessResult publish = PublishContainer(outDir, $"-p:ContainerRegistry={_containers.Registry.Host}", "-p:ContainerImageTag=1.0.0");
        Assert.True(publish.ExitCode == 0, publish.All);

        string sbomPath = Path.Combine(outDir, "SampleApp.image.cdx.json");
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
        Assert.True(valid, validation);
        var sbom = new SbomDocument(sbomPath);

        // The subject is the pushed image, by the digest the registry serves for the tag.
        string digest = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{_containers.Registry.Host}/supplygate/sample:1.0.0"], sample.SamplesDirectory).Output.Trim();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        Assert.Equal("container", sbom.Subject.Type);
        Assert.Equal(digest, sbom.Subject.Version);
        Assert.StartsWith($"pkg:oci/sample@{digest}", sbom.Subject.Purl, StringComparison.Ordinal);

        // OS packages: exactly what dpkg-query says the base rootfs holds, all in the base layer.
        var debs = sbom.Components.Where(c => c.Purl?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true).ToArray();
        Assert.Equal(DpkgQuery(ContainerFixture.BaseRootfs), debs.Select(c => $"{c.Name} {c.Version}").ToHashSet(StringComparer.Ordinal));
        Assert.All(debs, c => Assert.Equal("true", c.Properties["supplygate:image:base-layer"]));

        ComponentView newtonsoft = sbom.Single("Newtonsoft.Json", "12.0.1");
        Assert.Equal("false", newtonsoft.Properties["supplygate:image:base-layer"]);
        Assert.NotNull(sbom.PathTo(newtonsoft.BomRef));
        Assert.Contains(sbom.Components, c => c.IsRuntime && c.Name == "Microsoft.NETCore.App.Runtime.linux-x64");
        Assert.Contains(sbom.Components, c => c.Type == "operating-system");

        Assert.Matches(@"SupplyGate: image .*\(2 layers[^)]*\): \d+ components, \d+ OS packages", publish.Output);
        Assert.True(File.Exists(Path.Combine(outDir, "SampleApp.image.supplygate.sarif")));
    }

    [Fact]
    public void PublishContainer_ToArchive_GivesTheSameComponentsAndCdxgenMissesDotNet()
    {
        string outDir = Path.Combine(sample.SamplesDirectory, "out", "container-archive") + "/";
        string archive = Path.Combine(sample.SamplesDirectory, "out", "sample-image.tar");
        ProcessResult publish = PublishContainer(outDir, $"-p:ContainerArchiveOutputPath={archive}", "-p:ContainerImageTag=1.0.1");
        Assert.True(publish.ExitCode == 0, publish.All);
        var ours = new SbomDocument(Path.Combine(outDir, "SampleApp.image.cdx.json"));
        Assert.Contains(ours.Components, c => c.Name == "Newtonsoft.Json" && c.Version == "12.0.1");

        // cdxgen on the same OCI archive: the same dpkg binary packages, and no .NET at all.
        string cdxOut = Path.Combine(sample.SamplesDirectory, "out", "cdxgen-image.json");
        string cdxgen = Path.Combine(RepositoryPaths.Root, "tests", "interop", "node_modules", ".bin", "cdxgen");
        Assert.True(File.Exists(cdxgen), "cdxgen is missing: run build/setup.sh");
        ProcessResult run = ProcessRunner.Run(cdxgen, ["--spec-version", "1.6", "-o", cdxOut, archive], sample.SamplesDirectory,
            new Dictionary<string, string> { ["CDXGEN_DEBUG_MODE"] = "quiet", ["FETCH_LICENSE"] = "false" }, TimeSpan.FromMinutes(5));
        Assert.True(File.Exists(cdxOut), $"cdxgen wrote nothing (it exits 0 on failure):\n{run.All}");
        using JsonDocument cdx = JsonDocument.Parse(File.ReadAllBytes(cdxOut));
        var cdxPurls = cdx.RootElement.GetProperty("components").EnumerateArray()
            .Select(c => c.TryGetProperty("purl", out JsonElement p) ? p.GetString() ?? string.Empty : string.Empty)
            .ToArray();
        var cdxDebs = cdxPurls.Where(p => p.StartsWith("pkg:deb/", StringComparison.Ordinal)).Select(NameAndVersion).ToHashSet(StringComparer.Ordinal);
        var ourDebs = ours.Components.Where(c => c.Purl?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true).Select(c => $"{c.Name} {c.Version}").ToHashSet(StringComparer.Ordinal);
        // cdxgen also lists source packages; every binary package we report is among its entries.
        Assert.Empty(ourDebs.Except(cdxDebs));
        Assert.DoesNotContain(cdxPurls, p => p.StartsWith("pkg:nuget/", StringComparison.Ordinal));
        Assert.True(ours.Components.Count(c => c.Purl?.StartsWith("pkg:nuget/", StringComparison.Ordinal) == true) >= 16);
    }

    [Fact]
    public void PublishContainer_FrameworkDependentOnADotNetBase_ReportsTheBasesRuntimeVersion()
    {
        string baseImage = $"{_containers.Registry.Host}/tiny/dotnet-runtime:latest";
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-dotnet-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["REGISTRY"] = _containers.Registry.Host, ["IMAGE"] = baseImage, ["WORK"] = Path.Combine(sample.SamplesDirectory, "out", "dotnet-base") });
        Assert.True(made.ExitCode == 0, made.All);
        string frameworkVersion = made.Output.Trim().Split(' ')[^1];

        string outDir = Path.Combine(sample.SamplesDirectory, "out", "container-fdd") + "/";
        ProcessResult publish = sample.Publish(
            "-r", "linux-x64", "--self-contained", "false", "-t:PublishContainer", "-o", outDir,
            $"-p:ContainerBaseImage={baseImage}", $"-p:ContainerRegistry={_containers.Registry.Host}",
            "-p:ContainerRepository=supplygate/sample-fdd", $"-p:SupplyGatePolicy={Policy()}");
        Assert.True(publish.ExitCode == 0, publish.All);

        var sbom = new SbomDocument(Path.Combine(outDir, "SampleApp.image.cdx.json"));
        ComponentView runtime = Assert.Single(sbom.Components, c => c.IsRuntime);
        Assert.Equal("Microsoft.NETCore.App", runtime.Name);
        Assert.Equal(frameworkVersion, runtime.Version);
        Assert.Equal("true", runtime.Properties["supplygate:image:base-layer"]);
        Assert.NotNull(sbom.PathTo(runtime.BomRef));
    }

    /// <summary>
    /// The base's glibc carries CVE-2010-4756 (Debian: urgency unimportant = low, no fix in any release). With warnings
    /// as errors the image still builds: the default policy reports an unfixed OS finding whose severity says warn as a
    /// message (spec.advisories.unfixed.os: info), and the same build with `os: warn` fails on it.
    /// </summary>
    [Fact]
    public void PublishContainer_WarningsAsErrors_UnfixedLowOsFindingIsAMessage()
    {
        string work = Path.Combine(sample.SamplesDirectory, "out", "container-unfixed");
        Directory.CreateDirectory(work);
        string db = Path.Combine(work, "debian.db");
        ProcessResult imported = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "db", "import", Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "debian", "tracker-sample.json"), "--kind", "debian-tracker", "--db", db],
            work);
        Assert.True(imported.ExitCode == 0, imported.All);

        ProcessResult Publish(string name, string unfixed)
        {
            // Only the rule under test may speak: the test base is referenced by tag and runs as root (SG4007/SG4008).
            string policy = Path.Combine(work, $"{name}.yaml");
            File.WriteAllText(policy, $"""
                apiVersion: supplygate.dev/v1alpha1
                kind: Policy
                metadata:
                  name: {name}
                spec:
                  advisories:
                    unfixed: {unfixed}
                  image: {"{"}requireDigest: off, nonRoot: off{"}"}
                """);
            return sample.Publish(
                "-r", "linux-x64", "--self-contained", "-t:PublishContainer", "-o", Path.Combine(work, name) + "/",
                $"-p:ContainerBaseImage={_containers.BaseImage}", $"-p:ContainerRegistry={_containers.Registry.Host}",
                "-p:ContainerRepository=supplygate/sample-unfixed", $"-p:ContainerImageTag={name}",
                $"-p:SupplyGatePolicy={policy}", $"-p:SupplyGateAdvisoryDatabase={db}", "-p:SupplyGateAdvisoryUpdate=false",
                "-p:TreatWarningsAsErrors=true", "-p:MSBuildTreatWarningsAsErrors=true", "-p:NuGetAudit=false", "-v:n");
        }

        ProcessResult passed = Publish("unfixed-default", "{}");
        Assert.True(passed.ExitCode == 0, passed.All);
        Assert.True(Regex.IsMatch(passed.Output, @"message SG3001: SupplyGate: libc6 [^:]+: CVE-2010-4756 [^\n]*low [^\n]*no fixed version[^\n]*no fix published: information, not a warning \(spec\.advisories\.unfixed\.os\)"), passed.Output);
        Assert.DoesNotContain("warning SG3001", passed.Output, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(passed.Output, @"SupplyGate: PASS: 0 denied, 0 warnings, 0 suppressed, [1-9]\d* with no fix published \(information\)"), passed.Output);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(work, "unfixed-default", "SampleApp.image.supplygate.json"))))
        {
            JsonElement libc6 = report.RootElement.GetProperty("findings").EnumerateArray()
                .Single(f => f.GetProperty("advisoryId").GetString() == "CVE-2010-4756" && f.GetProperty("package").GetString() == "libc6");
            Assert.Equal("info", libc6.GetProperty("status").GetString());
            Assert.True(report.RootElement.GetProperty("counts").GetProperty("unfixed").GetInt32() >= 1);
        }

        ProcessResult failed = Publish("unfixed-warn", "{os: warn}");
        Assert.True(failed.ExitCode != 0, failed.All);
        Assert.True(Regex.IsMatch(failed.Output, @"error SG3001: libc6 [^:]+: CVE-2010-4756 [^\n]*low"), failed.Output);
    }

    private static HashSet<string> DpkgQuery(string rootfs)
    {
        ProcessResult query = ProcessRunner.Run("dpkg-query", ["-W", "-f", "${Package} ${Version}\n", "--admindir", Path.Combine(rootfs, "var", "lib", "dpkg")], rootfs);
        Assert.True(query.ExitCode == 0, query.All);
        return query.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64 → "libc6 2.36-9+deb12u10".</summary>
    private static string NameAndVersion(string purl)
    {
        string rest = purl["pkg:deb/".Length..].Split('?')[0];
        string nameVersion = rest[(rest.IndexOf('/', StringComparison.Ordinal) + 1)..];
        int at = nameVersion.LastIndexOf('@');
        return $"{Uri.UnescapeDataString(nameVersion[..at])} {Uri.UnescapeDataString(nameVersion[(at + 1)..])}";
    }
}
