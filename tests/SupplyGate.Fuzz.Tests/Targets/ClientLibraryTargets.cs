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
}
