using System.Text;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>
/// Compares output with a file under tests/Fixtures/reports (read from the source tree, not the build
/// output, so an update is seen at once). <c>SUPPLYGATE_UPDATE_GOLDEN=1</c> rewrites the file instead; without
/// it a difference always fails, and a missing file fails too.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "SUPPLYGATE_UPDATE_GOLDEN";

    public static void AssertMatches(string name, string actual)
    {
        string path = Path.Combine(CycloneDxSchemaValidator.FindRepositoryRoot(), "tests", "Fixtures", "reports", name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests once with {UpdateVariable}=1 and review it.");
        string expected = File.ReadAllText(path);
        if (expected == actual)
        {
            return;
        }

        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail($"{name} differs from the golden file at line {line + 1}:\n"
            + $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end of file>")}\n"
            + $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end of file>")}\n"
            + $"If the change is intended, rerun with {UpdateVariable}=1 and review the diff of {path}.");
    }
}
