using System.Text;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>CycloneDX SBOMs, package URLs, VEX documents and policy YAML.</summary>
internal static class SbomTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("cyclonedx", CycloneDxRoundTrip)
        {
            CiIterations = 3000,
            Dictionary = Tokens("\"bom-ref\":", "\"purl\":", "\"components\":", "\"dependencies\":", "\"dependsOn\":", "\"specVersion\":\"1.6\"", "\"bomFormat\":\"CycloneDX\""),
        };
        yield return new FuzzTarget("purl", PurlRoundTrip)
        {
            CiIterations = 8000,
            Dictionary = Tokens("pkg:", "@", "?", "#", "%2F", "%3A", "%40", "%", "/", "&", "=", ":", "+", "%C3%A9", "%00", "nuget", "deb", "rpm", "apk", "oci", "npm", "maven", "pypi", "golang"),
        };
        yield return new FuzzTarget("vex", input => VexParser.Parse(input, "fuzz.vex.json"))
        {
            Dictionary = Tokens("\"status\":", "\"not_affected\"", "\"justification\":", "\"@context\":\"https://openvex.dev/ns/v0.2.0\"", "\"analysis\":", "\"affects\":", "\"ref\":"),
        };
        yield return new FuzzTarget("policy", PolicyRoundTrip)
        {
            CiIterations = 2000,
            Dictionary = Tokens("apiVersion: supplygate.dev/v1alpha1\n", "kind: Policy\n", "severity: ", "expires: 2024-01-01\n", "- id: ", "  ", "{a: b}", "[1, 2]", "~", "''", "\"\\x00\"", "!!str ", "&anchor ", "*anchor"),
        };
    }

    /// <summary>Read, write, read again: the second write must equal the first (the writer's output is a fixed point).</summary>
    private static void CycloneDxRoundTrip(byte[] input)
    {
        Bom bom = CycloneDxReader.Read(input, "fuzz.cdx.json");
        Assert.True(System.Text.Unicode.Utf8.IsValid(input), "the reader accepted a document that is not UTF-8");

        byte[] written = CycloneDxWriter.ToUtf8Bytes(bom);
        byte[] again = CycloneDxWriter.ToUtf8Bytes(CycloneDxReader.Read(written, "fuzz-rewritten.cdx.json"));
        Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(again));
    }

    /// <summary>Parse, format, parse: the canonical form is stable and the parts survive.</summary>
    private static void PurlRoundTrip(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        if (!PackageUrl.TryParse(text, out PackageUrl? purl))
        {
            Assert.Throws<FormatException>(() => PackageUrl.Parse(text));
            return;
        }

        string canonical = purl.ToString();
        Assert.True(PackageUrl.TryParse(canonical, out PackageUrl? again), $"the canonical form '{canonical}' of '{text}' does not parse");
        Assert.Equal(canonical, again.ToString());
        Assert.Equal(purl, again);
        Assert.Equal((purl.Type, purl.Namespace, purl.Name, purl.Version, purl.Subpath), (again.Type, again.Namespace, again.Name, again.Version, again.Subpath));
        Assert.Equal(purl.Qualifiers, again.Qualifiers);
        var rebuilt = new PackageUrl(purl.Type, purl.Namespace, purl.Name, purl.Version, purl.Qualifiers, purl.Subpath);
        Assert.Equal(canonical, rebuilt.ToString());
    }

    /// <summary>Parse, write (the effective policy), parse the written text: the same policy, apart from the digest header of what was read.</summary>
    private static void PolicyRoundTrip(byte[] input)
    {
        string written = PolicyYamlWriter.Write(PolicyDocument.Parse(input, "fuzz-policy.yaml"));
        string again = PolicyYamlWriter.Write(PolicyDocument.Parse(Encoding.UTF8.GetBytes(written), "fuzz-policy.yaml"));
        Assert.Equal(WithoutDigest(written), WithoutDigest(again));
    }

    private static string WithoutDigest(string yaml) =>
        string.Join('\n', yaml.Split('\n').Where(line => !line.StartsWith("# digest: ", StringComparison.Ordinal)));

    internal static IReadOnlyList<byte[]> Tokens(params string[] tokens) => [.. tokens.Select(Encoding.UTF8.GetBytes)];
}
