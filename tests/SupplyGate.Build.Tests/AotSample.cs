using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A tiny console app with <c>PublishAot=true</c> and one AOT-compatible package with a managed assembly
/// (Polly.Core), published once with the packed SupplyGate.Build (gate on, built-in advisory sample). Native AOT
/// writes no publish deps.json and compiles the package's assembly into the executable instead of copying it.
/// </summary>
public sealed class AotSample
{
    public const string App = "AotApp";
    public const string Rid = "linux-x64";
    public const string PackageId = "Polly.Core";
    public const string PackageVersion = "8.4.2";

    public AotSample(string root, string feed, string supplyGateVersion)
    {
        Directory = Path.Combine(root, "aot");
        System.IO.Directory.CreateDirectory(Directory);
        E2eNuGetConfig.Write(Directory, feed);
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <PublishAot>true</PublishAot>
                <InvariantGlobalization>true</InvariantGlobalization>
                <Version>1.0.0</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageId}" Version="{PackageVersion}" />
                <PackageReference Include="SupplyGate.Build" Version="{supplyGateVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), """
            using System;
            using Polly;

            ResiliencePipeline pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(5)).Build();
            Console.WriteLine(pipeline.Execute(static () => "aot ok"));
            """);

        Publish = ProcessRunner.Dotnet(
            Directory, null,
            "publish", ProjectFile, "-c", "Release", "-r", Rid, "-o", PublishDirectory,
            "-p:UseSharedCompilation=false", "-nodeReuse:false");
    }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, App + ".csproj");

    public string PublishDirectory => Path.Combine(Directory, "out") + "/";

    public string Executable => Path.Combine(PublishDirectory, App);

    public string Sbom => Path.Combine(PublishDirectory, App + ".cdx.json");

    public ProcessResult Publish { get; }
}
