namespace SupplyGate.Build.Tests;

/// <summary>The nuget.config of an end-to-end app: the folder feed with this run's SupplyGate.Build, beside the user's sources.</summary>
internal static class E2eNuGetConfig
{
    public static void Write(string directory, string feed) =>
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="supplygate-e2e" value="{feed}" />
              </packageSources>
            </configuration>
            """);
}
