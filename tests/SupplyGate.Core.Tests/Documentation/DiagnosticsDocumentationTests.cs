using System.Reflection;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Documentation;

[Trait("Category", "integration")]
public sealed class DiagnosticsDocumentationTests
{
    [Fact]
    public void EveryDiagnosticCode_HasAHeadingInDocsDiagnostics()
    {
        string doc = File.ReadAllText(Path.Combine(CycloneDxSchemaValidator.FindRepositoryRoot(), "docs", "diagnostics.md"));
        string[] codes = typeof(DiagnosticCode).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToArray();

        Assert.All(codes, code => Assert.Contains($"### {code}\n", doc, StringComparison.Ordinal));
        Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
    }
}
