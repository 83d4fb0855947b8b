using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A local registry (Debian's docker-registry on a free port) holding the debootstrap'd bookworm base
/// image, built once per run by build/lab/make-base-image.sh (cached in the repository's .lab/).
/// </summary>
public sealed class ContainerFixture : IDisposable
{
    public ContainerFixture()
    {
        Registry = new LocalRegistry();
        BaseImage = $"{Registry.Host}/debian:bookworm-slim";
        ProcessResult base_ = ProcessRunner.Run(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-base-image.sh")],
            RepositoryPaths.Root,
            new Dictionary<string, string>
            {
                ["REGISTRY"] = Registry.Host,
                ["IMAGE"] = BaseImage,
                ["LAB_DIR"] = Path.Combine(RepositoryPaths.Root, ".lab"),
            },
            TimeSpan.FromMinutes(10));
        if (base_.ExitCode != 0)
        {
            Registry.Dispose();
            throw new InvalidOperationException($"make-base-image.sh failed:\n{base_.All}");
        }
    }

    public LocalRegistry Registry { get; }

    public string BaseImage { get; }

    /// <summary>The rootfs the base image was made from, for dpkg-query as an oracle.</summary>
    public static string BaseRootfs => Path.Combine(RepositoryPaths.Root, ".lab", "work", "base-bookworm-minbase", "rootfs");

    public void Dispose() => Registry.Dispose();
}
