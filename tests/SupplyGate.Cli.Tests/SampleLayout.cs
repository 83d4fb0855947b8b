using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// A project directory laid out the way `dotnet publish` leaves it (obj/project.assets.json,
/// bin/Release/net10.0/linux-x64/publish/*), made from the real files in Fixtures/nuget/sampleapp.
/// </summary>
internal sealed class SampleLayout : IDisposable
{
    private readonly TempDirectory _temp = new("sg-cli");

    public SampleLayout(bool withPublish = true)
    {
        ProjectDirectory = _temp.Combine("SampleApp");
        Directory.CreateDirectory(Path.Combine(ProjectDirectory, "obj"));
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        File.Copy(Fixture("project.assets.json"), AssetsFile);
        if (withPublish)
        {
            Directory.CreateDirectory(PublishDirectory);
            File.Copy(Fixture("SampleApp.deps.json"), Path.Combine(PublishDirectory, "SampleApp.deps.json"));
            File.Copy(Fixture("SampleApp.runtimeconfig.json"), Path.Combine(PublishDirectory, "SampleApp.runtimeconfig.json"));
        }

        File.WriteAllText(SolutionFile, """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "SampleApp", "SampleApp\SampleApp.csproj", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "docs", "docs", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            """);
    }

    public string Root => _temp.Path;

    public string ProjectDirectory { get; }

    public string ProjectFile => Path.Combine(ProjectDirectory, "SampleApp.csproj");

    public string AssetsFile => Path.Combine(ProjectDirectory, "obj", "project.assets.json");

    public string PublishDirectory => Path.Combine(ProjectDirectory, "bin", "Release", "net10.0", "linux-x64", "publish");

    public string SolutionFile => _temp.Combine("Sample.sln");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    public static string Fixture(string name) => Path.Combine(RepositoryPaths.Fixtures, "nuget", "sampleapp", name);

    public void Dispose() => _temp.Dispose();
}
