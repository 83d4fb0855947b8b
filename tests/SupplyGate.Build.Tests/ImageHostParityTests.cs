using Microsoft.Build.Framework;
using SupplyGate.Build.Tasks;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// One engine, two hosts: the MSBuild tasks (ScanImage + CheckSbom, in process) and the CLI (`sbom image`,
/// `check image`, as a child process) on the same image index in a real registry write the same SBOM bytes per
/// platform and reach the same verdict per platform.
/// </summary>
[Trait("Category", "integration")]
public sealed class ImageHostParityTests(MultiPlatformImages images) : IClassFixture<MultiPlatformImages>, IDisposable
{
    private readonly TempDirectory _temp = new("sg-parity");

    [Theory]
    [InlineData("index")]
    [InlineData("list")]
    public void TaskAndCli_SameIndex_SameSbomBytesAndSameVerdictPerPlatform(string kind)
    {
        // The reference the targets build from ContainerRegistry, ContainerRepository and the digest (no tag).
        string digest = MultiPlatformImages.DigestOf(kind == "index" ? images.Index : images.ManifestList);
        string reference = $"{images.Registry.Host}/{images.Repository}@{digest}";
        string policy = MultiPlatformImages.WriteDenyArm64Policy(_temp.Path);

        // The build's side: the image by digest, as the targets pass it.
        var engine = new CapturingBuildEngine();
        using var scan = new ScanImage
        {
            BuildEngine = engine,
            ManifestDigest = digest,
            Registry = images.Registry.Host,
            Repository = images.Repository,
            OutputPath = _temp.Combine("task", "App.image.cdx.json"),
            WorkDirectory = _temp.Combine("task-work"),
            CacheDirectory = _temp.Combine("task-cache"),
            Reproducible = true,
        };
        Directory.CreateDirectory(_temp.Combine("task"));
        Assert.True(scan.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));
        Assert.Equal(digest, scan.IndexDigest);
        var taskVerdicts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ITaskItem platform in scan.Platforms)
        {
            var checkEngine = new CapturingBuildEngine();
            using var check = new CheckSbom
            {
                BuildEngine = checkEngine,
                SbomPath = platform.GetMetadata("ImageSbomPath"),
                ImageSecretsFile = platform.GetMetadata("ImageSecretsPath"),
                Platform = platform.GetMetadata("Platform"),
                ManifestDigest = platform.ItemSpec,
                Policy = policy,
                AdvisoryUpdate = "false",
                ReportFormats = "none",
            };
            check.Execute();
            taskVerdicts[platform.GetMetadata("Platform")] = check.Decision;
        }

        // The CLI's side, with its own layer cache (nothing cached is shared) and the same advisory store as the task.
        var environment = new Dictionary<string, string> { ["SUPPLYGATE_CACHE"] = _temp.Combine("cli-cache"), ["SOURCE_DATE_EPOCH"] = string.Empty, ["SupplyGateAdvisoryUpdate"] = "false" };
        ProcessResult sbom = Cli(environment, "sbom", "image", reference, "--reproducible", "-o", _temp.Combine("cli", "App.image.cdx.json"));
        Assert.True(sbom.ExitCode == 0, sbom.All);
        ProcessResult checkCli = Cli(environment, "check", "image", reference, "--policy", policy, "--format", "json", "-o", _temp.Combine("cli", "r.json"));

        Assert.Equal(["linux/amd64", "linux/arm64"], scan.Platforms.Select(p => p.GetMetadata("Platform")));
        foreach (string slug in new[] { "linux-amd64", "linux-arm64" })
        {
            byte[] task = File.ReadAllBytes(_temp.Combine("task", $"App.image.{slug}.cdx.json"));
            byte[] cli = File.ReadAllBytes(_temp.Combine("cli", $"App.image.{slug}.cdx.json"));
            Assert.True(task.AsSpan().SequenceEqual(cli), $"{slug}: the task's and the CLI's SBOMs differ:\n{System.Text.Encoding.UTF8.GetString(task)}\n---\n{System.Text.Encoding.UTF8.GetString(cli)}");
        }

        Assert.Equal("pass", taskVerdicts["linux/amd64"]);
        Assert.Equal("deny", taskVerdicts["linux/arm64"]);
        foreach ((string platform, string slug) in new[] { ("linux/amd64", "linux-amd64"), ("linux/arm64", "linux-arm64") })
        {
            using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(_temp.Combine("cli", $"r.{slug}.json")));
            Assert.Equal(taskVerdicts[platform], report.RootElement.GetProperty("decision").GetString());
        }

        Assert.True(checkCli.ExitCode == 1, checkCli.All);
    }

    public void Dispose() => _temp.Dispose();

    private static ProcessResult Cli(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args], AppContext.BaseDirectory, environment);

}
