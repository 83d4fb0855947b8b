using SupplyGate.Core.Oci.Registry;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>
/// One real registry (Debian docker-registry 2.8 via LocalRegistry) per test class, with the tiny images
/// pushed by build/lab scripts: glibc as OCI and as Docker v2, and a two-platform index of file-mode images.
/// </summary>
public sealed class RegistryLab : IDisposable
{
    private readonly LocalRegistry _registry = new();

    public RegistryLab()
    {
        Work = new TempDirectory("sg-oci-lab");
        OciImage = Push("tiny/glibc:oci", "glibc", "oci", null);
        DockerImage = Push("tiny/glibc:docker", "glibc", "docker", null);
        Push("tiny/multi:amd64", "file", "oci", "amd64");
        Push("tiny/multi:arm64", "file", "oci", "arm64");
        ProcessResult index = Script("make-index.sh", [], $"{Host}/tiny/multi:latest", "amd64", "arm64");
        IndexImage = index.Output.Trim().Split('\n')[^1];
    }

    public string Host => _registry.Host;

    public TempDirectory Work { get; }

    /// <summary><c>host/tiny/glibc:oci@sha256:…</c> as the script printed it.</summary>
    public string OciImage { get; }

    public string DockerImage { get; }

    public string IndexImage { get; }

    /// <summary>The OCI layout the script wrote next to the OCI push.</summary>
    public string OciLayout => Work.Combine("glibc-oci", "oci");

    public RegistryClient Client(HttpClient http) => new(Host, http, new RegistryClientOptions { RequestTimeout = TimeSpan.FromSeconds(30) });

    public static ProcessResult Skopeo(params string[] arguments)
    {
        ProcessResult result = ProcessRunner.Run("skopeo", arguments, Path.GetTempPath(), null, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"skopeo {string.Join(' ', arguments)} failed: {result.All}");
        return result;
    }

    private string Push(string image, string mode, string format, string? arch)
    {
        var env = new Dictionary<string, string> { ["MODE"] = mode, ["FORMAT"] = format, ["PUSH"] = "1" };
        if (arch is not null)
        {
            env["ARCH"] = arch;
        }

        env["WORK"] = Work.Combine(arch is null ? $"{mode}-{format}" : $"{mode}-{arch}");
        ProcessResult result = Script("make-tiny-base-image.sh", env, image);
        return result.Output.Trim().Split('\n')[^1];
    }

    private ProcessResult Script(string name, IEnumerable<KeyValuePair<string, string>> extra, params string[] args)
    {
        var env = new Dictionary<string, string>(extra) { ["REGISTRY"] = Host, ["LAB_DIR"] = Work.Combine("lab") };
        if (name.StartsWith("make-tiny", StringComparison.Ordinal))
        {
            env["IMAGE"] = $"{Host}/{args[0]}";
            args = [];
        }

        ProcessResult result = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", name), .. args], Work.Path, env, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"{name} failed: {result.All}");
        return result;
    }

    public void Dispose()
    {
        _registry.Dispose();
        Work.Dispose();
    }
}
