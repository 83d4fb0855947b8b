using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>
/// Every comparison in tests/Fixtures/version-vectors (osv-scalibr's testdata, see its README) must hold
/// for its scheme, in both directions.
/// </summary>
[Trait("Category", "unit")]
public sealed class VersionVectorTests
{
    public static TheoryData<string, string, int> Files => new()
    {
        { "debian-versions.txt", "dpkg", 30 },
        { "debian-versions-generated.txt", "dpkg", 14_000 },
        { "alpine-versions.txt", "apk", 700 },
        { "alpine-versions-generated.txt", "apk", 13_000 },
        { "nuget-versions.txt", "NuGet", 30 },
        { "semver-versions.txt", "SemVer", 80 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Compare_EveryVectorInFile_Holds(string file, string schemeName, int minimumVectors)
    {
        IVersionScheme scheme = Scheme(schemeName);
        IReadOnlyList<VersionVector> vectors = VersionVector.Load(file);
        var failures = new List<string>();
        foreach (VersionVector vector in vectors)
        {
            int forward = Math.Sign(scheme.Compare(vector.Left, vector.Right));
            int backward = Math.Sign(scheme.Compare(vector.Right, vector.Left));
            if (forward != vector.Expected || backward != -vector.Expected)
            {
                failures.Add($"line {vector.Line}: {vector.Left} {vector.Op} {vector.Right} (got {forward}/{backward})");
            }
        }

        Assert.True(vectors.Count >= minimumVectors, $"only {vectors.Count} vectors read from {file}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} failed:\n" + string.Join('\n', failures.Take(60)));
    }

    private static IVersionScheme Scheme(string name) => name switch
    {
        "dpkg" => VersionSchemes.Dpkg,
        "apk" => VersionSchemes.Apk,
        "NuGet" => VersionSchemes.NuGet,
        "SemVer" => VersionSchemes.SemVer,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
