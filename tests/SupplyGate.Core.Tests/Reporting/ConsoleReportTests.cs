using Spectre.Console;
using SupplyGate.Core.Reporting;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "unit")]
public sealed class ConsoleReportTests
{
    [Fact]
    public void Write_NoColourConsole_ShowsVerdictPackagesAndSuppressionsAsPlainText()
    {
        string output = Render(ReportScenario.Context(), width: 80);

        Assert.Contains("SupplyGate DENY", output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.SqlClient", output, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", output, StringComparison.Ordinal);
        Assert.Contains("Newtonsoft.Json", output, StringComparison.Ordinal);
        Assert.Contains("Suppressed", output, StringComparison.Ordinal);
        Assert.Contains("2026-09-30", output, StringComparison.Ordinal);
        Assert.Contains("sample data", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StaleData_SaysStale()
    {
        string output = Render(ReportScenario.Context(ReportScenario.Stale()), width: 120);

        Assert.Contains("SupplyGate STALE", output, StringComparison.Ordinal);
        Assert.Contains("maxAge of 12h", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Twice_GivesTheSameText()
    {
        Assert.Equal(Render(ReportScenario.Context(), 100), Render(ReportScenario.Context(), 100));
    }

    private static string Render(ReportContext ctx, int width)
    {
        using var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;

        ConsoleReport.Write(ctx, console);
        return writer.ToString();
    }
}
