using System.Security.Cryptography;
using System.Text.Json;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The independent oracle for "what ships": a package ships when one of its files is in the publish folder, byte
/// for byte, where the SDK copies it (lib/&lt;tfm&gt;/X → X, runtimes/&lt;rid&gt;/… → the same path or X,
/// contentFiles/&lt;lang&gt;/&lt;tfm&gt;/Y → Y, culture folders kept). Reads the package folders and the publish folder only.
/// </summary>
public static class PublishedPackages
{
    public static SortedSet<string> In(string publishDirectory, string assetsFile)
    {
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        string[] roots = assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name).ToArray();
        var shipped = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in assets.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package")
            {
                continue;
            }

            string relative = library.Value.GetProperty("path").GetString()!;
            string? folder = roots.Select(r => Path.Combine(r, relative)).FirstOrDefault(Directory.Exists);
            if (folder is not null && ShipsAFile(folder, publishDirectory))
            {
                shipped.Add(library.Name);
            }
        }

        return shipped;
    }

    private static bool ShipsAFile(string packageFolder, string publishDirectory)
    {
        foreach (string file in Directory.EnumerateFiles(packageFolder, "*", SearchOption.AllDirectories))
        {
            string inPackage = Path.GetRelativePath(packageFolder, file).Replace('\\', '/');
            foreach (string candidate in Destinations(inPackage))
            {
                string published = Path.Combine(publishDirectory, candidate);
                if (File.Exists(published) && SameBytes(file, published))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> Destinations(string inPackage)
    {
        string[] parts = inPackage.Split('/');
        string name = parts[^1];
        switch (parts[0])
        {
            case "lib" when parts.Length >= 3:
                yield return string.Join('/', parts[2..]); // X or <culture>/X
                break;
            case "runtimes":
                yield return inPackage;
                yield return name;
                break;
            case "contentFiles" when parts.Length >= 4:
                yield return string.Join('/', parts[3..]);
                break;
        }
    }

    private static bool SameBytes(string a, string b) =>
        new FileInfo(a).Length == new FileInfo(b).Length
        && SHA256.HashData(File.ReadAllBytes(a)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(b)));
}
