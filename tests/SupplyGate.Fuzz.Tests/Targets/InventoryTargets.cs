using System.Text;
using System.Xml;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Secrets;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>.NET project inputs, OS package databases and image layers.</summary>
internal static class InventoryTargets
{
    private static readonly IReadOnlyList<byte[]> PackageTokens = Tokens("\"type\":\"package\"", "\"type\":\"project\"", "\"dependencies\":", "\"runtimeTarget\":", "\"targets\":", "\"libraries\":", "\"serviceable\":true", "\"sha512\":", "/", "\"Newtonsoft.Json/13.0.1\"");

    public static IEnumerable<FuzzTarget> All()
    {
        // The loaders decode files as UTF-8 with replacement (File.ReadAllText), so the parsers see strings.
        yield return new FuzzTarget("deps", input => DepsFileParser.Parse(Encoding.UTF8.GetString(input), "fuzz.deps.json")) { Dictionary = PackageTokens };
        yield return new FuzzTarget("assets", input => AssetsFileParser.Parse(Encoding.UTF8.GetString(input), "project.assets.json"))
        {
            CiIterations = 3000,
            Dictionary = [.. PackageTokens, .. Tokens("\"project\":", "\"frameworks\":", "\"restore\":", "\"version\":", "\"logs\":", "\"packageFolders\":")],
        };
        yield return new FuzzTarget("runtimeconfig", input => RuntimeConfigParser.Parse(Encoding.UTF8.GetString(input), "fuzz.runtimeconfig.json"))
        {
            Dictionary = Tokens("\"runtimeOptions\":", "\"framework\":", "\"frameworks\":", "\"includedFrameworks\":", "\"name\":", "\"version\":"),
        };
        yield return new FuzzTarget("nuspec", input => NuspecParser.Parse(new MemoryStream(input, writable: false)))
        {
            // The packages-folder source wraps XmlException into SG-coded InvalidInputException (NuspecInvalid).
            Documented = ex => ex is XmlException,
            Dictionary = Tokens("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<license type=\"expression\">", "<license type=\"file\">", "</metadata>", "<![CDATA[", "xmlns=\"\""),
        };
        yield return new FuzzTarget("dpkg", input => DpkgStatusParser.Parse(TextOf.Utf8(input), "var/lib/dpkg/status"))
        {
            CiIterations = 20000,
            Dictionary = Tokens("\nPackage: ", "\nStatus: install ok installed", "\nVersion: 1:2.3-4", "\nSource: ", "\n ", "\n\n", "Version: :", "(1.0)"),
        };
        yield return new FuzzTarget("apk", input => ApkInstalledParser.Parse(TextOf.Utf8(input), "lib/apk/db/installed", new List<Warning>()))
        {
            Dictionary = Tokens("\nP:", "\nV:", "\nA:", "\no:", "\nL:", "\n\n", "-r0"),
        };
        yield return new FuzzTarget("rpm-header", input => RpmHeaderParser.Parse(input, "var/lib/rpm/rpmdb.sqlite")) { CiIterations = 30000 };
        yield return new FuzzTarget("os-release", input => OsReleaseParser.Parse(TextOf.Utf8(input)))
        {
            CiIterations = 20000,
            Dictionary = Tokens("ID=", "VERSION_ID=", "\"", "'", "\\", "\n#"),
        };
        yield return new FuzzTarget("layer", ReadLayer)
        {
            CiIterations = 1500,
            // Tar headers are 512-byte blocks; a tar is mostly zeros and rewritten through a 128 KiB buffer.
            AllocationFactor = 400,
            Dictionary = [Encoding.ASCII.GetBytes("ustar\0"), Encoding.ASCII.GetBytes("ustar  \0"), Encoding.ASCII.GetBytes(".wh."), Encoding.ASCII.GetBytes("../../"), [0x1f, 0x8b, 0x08, 0x00], new byte[512]],
        };
    }

    private static void ReadLayer(byte[] input)
    {
        var layer = new Descriptor
        {
            MediaType = "application/vnd.oci.image.layer.v1.tar",
            Digest = Digest.Sha256(input),
            Size = input.Length,
        };
        var options = new ImageScanOptions { WorkDirectory = Path.Combine(Path.GetTempPath(), "supplygate-fuzz-layer") };
        var secrets = new LayerSecretScan(new SecretScanOptions(), layer.Digest.ToString());
        _ = LayerReader.ReadAsync(new MemoryStream(input, writable: false), layer, layer.Digest, "layer 0", _ => CaptureMode.Content, secrets, options, CancellationToken.None)
            .GetAwaiter().GetResult();
        _ = secrets.ToResult();
    }
}
