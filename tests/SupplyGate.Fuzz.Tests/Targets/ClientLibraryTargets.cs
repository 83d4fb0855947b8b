using System.Text;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Inventory.Licenses;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>What ships beside the packages: RetireJS data, client-library manifests, and license files.</summary>
internal static class ClientLibraryTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("retirejs", input => _ = RetireJsImporter.Read(input, "fuzz-jsrepository.json", new List<Warning>()))
        {
            Dictionary = Tokens("\"vulnerabilities\":", "\"extractors\":", "\"filecontent\":", "\"atOrAbove\":\"1.0.0\"", "\"below\":\"3.5.0\"", "\"identifiers\":", "\"CVE\":[\"CVE-2020-11022\"]", "\"severity\":\"medium\"", "\"npmname\":"),
        };
        yield return new FuzzTarget("client-manifest", input =>
        {
            _ = LibraryManifests.ReadPackageManifest("wwwroot/lib/jquery/package.json", input);
            _ = LibraryManifests.ParseLibMan(input, "libman.json");
        })
        {
            Dictionary = Tokens("\"name\":\"jquery\"", "\"version\":\"3.3.1\"", "\"license\":\"MIT\"", "\"main\":", "\"libraries\":", "\"library\":\"jquery@3.3.1\"", "\"provider\":\"cdnjs\"", "\"destination\":\"wwwroot/lib/jquery\"", "\"files\":"),
        };
        yield return new FuzzTarget("client-file", input =>
        {
            // One shipped file's bytes as a stylesheet, a script and the LICENSE of a recognised library whose
            // banner names no license (so the license file is read and concluded), then as SBOM components.
            byte[] banner = "/*!\n * Bootstrap v4.0.0 (https://getbootstrap.com)\n */\n.btn{}"u8.ToArray();
            var tree = new BytesTree(
                ("wwwroot/lib/bootstrap/LICENSE", input),
                ("wwwroot/lib/bootstrap/dist/css/bootstrap.css", banner),
                ("wwwroot/lib/other/dist/other.css", input),
                ("wwwroot/lib/other/dist/other.js", input),
                ("wwwroot/lib/other/LICENSE.md", input));
            foreach (ClientLibrary library in ClientLibraryScanner.Scan(tree, ClientLibraryCatalog.Default, null, CancellationToken.None))
            {
                _ = ClientLibraryComponents.ToComponent(library, "/app/");
            }
        })
        {
            Dictionary = Tokens("/*!\n * Bootstrap v", " (https://getbootstrap.com)", "Bootstrap  v5.3.3 (https://getbootstrap.com/)", "/*! normalize.css v8.0.1 | MIT License", "Licensed under MIT", "Permission is hereby granted, free of charge, ", "@charset \"UTF-8\";", "\u0000"),
        };
        yield return new FuzzTarget("license-text", input =>
        {
            // Any text: identified as one SPDX id or none, never an exception.
            _ = SpdxLicenseCatalog.Identify(Encoding.UTF8.GetString(input));
        })
        {
            CiIterations = 1500,
            Dictionary = Tokens("Permission is hereby granted, free of charge, ", "THE SOFTWARE IS PROVIDED \"AS IS\"", "Copyright (c) 2024 ", "END OF TERMS AND CONDITIONS", "\r\n", "\u2019", "* ", "- "),
        };
    }

    /// <summary>Files held in memory, as a publish output lists them.</summary>
    private sealed class BytesTree(params (string Path, byte[] Content)[] files) : IStaticFileTree
    {
        public IEnumerable<StaticFile> Files(CancellationToken cancellationToken) =>
            files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new StaticFile(f.Path, f.Content.Length, () => new MemoryStream(f.Content, writable: false)));
    }
}
