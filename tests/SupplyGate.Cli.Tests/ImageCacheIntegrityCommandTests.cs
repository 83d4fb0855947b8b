using System.Text.Json;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `sbom image` with the layer cache under HOME: a crafted layout claiming the bookworm layer's diff id is
/// refused, and the genuine layout scanned after it (with a cold, then a warm cache) still lists every package.
/// </summary>
[Trait("Category", "integration")]
public sealed class ImageCacheIntegrityCommandTests
{
    [Fact]
    public void SbomImage_PoisonThenVictim_CraftedLayoutRefusedAndGenuineLayoutKeepsEveryPackage()
    {
        string work = Path.Combine(RepositoryPaths.Root, ".lab", "work", "base-bookworm-minbase");
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["PUSH"] = "0", ["LAB_DIR"] = Path.Combine(RepositoryPaths.Root, ".lab") }, TimeSpan.FromMinutes(10));
        Assert.True(made.ExitCode == 0, made.All);
        string genuine = Path.Combine(work, "oci");
        string rootfs = Path.Combine(work, "rootfs");
        ProcessResult query = ProcessRunner.Run("dpkg-query", ["-W", "-f", "${Package} ${Version}\n", "--admindir", Path.Combine(rootfs, "var", "lib", "dpkg")], rootfs);
        HashSet<string> expected = query.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.InRange(expected.Count, 80, 120);

        using var temp = new TempDirectory("sg-poison");
        var environment = new Dictionary<string, string> { ["HOME"] = temp.Path };
        (_, IReadOnlyList<string> diffIds) = OciLayoutBuilder.Read(genuine);
        LayoutLayer poison = OciLayoutBuilder.DebianLayer("poison");
        string crafted = OciLayoutBuilder.Write(temp.Combine("crafted"), [poison with { DiffId = diffIds[0] }]);

        foreach (string cache in new[] { "cold", "warm" })
        {
            string refused = temp.Combine($"crafted-{cache}.cdx.json");
            var (exit, _, error) = CliRunner.Run(environment, temp.Path, "sbom", "image", crafted, "-o", refused);

            Assert.True(exit == 2, $"{cache}: exit {exit}: {error}");
            Assert.Contains("SG1019", error, StringComparison.Ordinal);
            Assert.Contains($"{crafted}: layer 0 ({OciLayoutBuilder.Sha256(poison.Blob)})", error, StringComparison.Ordinal);
            Assert.Contains($"hashes to {poison.DiffId}, but the image config's diff id for it is {diffIds[0]}", error, StringComparison.Ordinal);
            Assert.False(File.Exists(refused), $"{cache}: an SBOM was written for the crafted image");

            string output = temp.Combine($"genuine-{cache}.cdx.json");
            (exit, _, error) = CliRunner.Run(environment, temp.Path, "sbom", "image", genuine, "-o", output);

            Assert.True(exit == 0, $"{cache}: exit {exit}: {error}");
            Assert.Equal(expected, Debs(output));
        }

        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, ".supplygate", "layers", "layers")));
    }

    private static HashSet<string> Debs(string sbomPath)
    {
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        return sbom.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out JsonElement p) && p.GetString()!.StartsWith("pkg:deb/", StringComparison.Ordinal))
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("version").GetString()}")
            .ToHashSet(StringComparer.Ordinal);
    }
}
