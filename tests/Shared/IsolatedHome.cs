namespace SupplyGate.Tests.Shared;

/// <summary>An empty SupplyGate user directory for this test process (SUPPLYGATE_HOME), created on first use.</summary>
public static class IsolatedHome
{
    private static readonly Lazy<string> Created = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"supplygate-test-home-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    });

    public static string Directory => Created.Value;
}
