using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Scans test images in a scratch work directory and answers questions about the result.</summary>
internal static class ImageScanSupport
{
    public const string DebianOsRelease = "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\n";

    public static async Task<ImageScanResult> ScanAsync(TestImageSource source, ScratchDirectory work, Func<ImageScanOptions, ImageScanOptions>? configure = null)
    {
        var options = new ImageScanOptions { WorkDirectory = work.Combine("work") };
        options = configure?.Invoke(options) ?? options;
        return await ImageInventory.ScanAsync(source, options, CancellationToken.None);
    }

    public static string Status(params (string Name, string Version, string? Source)[] packages) =>
        string.Concat(packages.Select(p =>
            $"Package: {p.Name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: {p.Version}\n" +
            (p.Source is null ? string.Empty : $"Source: {p.Source}\n") + "Description: test\n\n"));

    public static Component Single(ImageScanResult result, string name) =>
        Assert.Single(result.Bom.Components, c => c.Name == name);

    public static IReadOnlyList<string> Names(ImageScanResult result, string type) =>
        result.Bom.Components.Where(c => c.Type == type).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> DebNames(ImageScanResult result) =>
        result.Bom.Components.Where(c => c.Purl?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The probe file exists neither next to nor inside the scratch directory, and the work directory is empty again.</summary>
    public static void AssertNothingWrittenOutside(ScratchDirectory work, string probeName)
    {
        string parent = Path.GetDirectoryName(work.Path)!;
        Assert.False(File.Exists(Path.Combine(parent, probeName)), $"{probeName} was written next to the work directory");
        Assert.False(File.Exists(Path.Combine(work.Path, probeName)), $"{probeName} was written into the scratch directory");
        string workDir = work.Combine("work");
        Assert.True(!Directory.Exists(workDir) || Directory.GetFileSystemEntries(workDir, "*", SearchOption.AllDirectories).Length == 0, "the work directory is not empty");
    }
}
