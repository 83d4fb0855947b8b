using System.Collections;
using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A capturing engine with MSBuild's registered task objects (<see cref="IBuildEngine4"/>): tasks given the same
/// instance share objects as they do within one build; a fresh instance is a new build.
/// </summary>
public sealed class RegistryBuildEngine : IBuildEngine4
{
    private readonly CapturingBuildEngine _log = new();
    private readonly Dictionary<(object Key, RegisteredTaskObjectLifetime Lifetime), object> _objects = [];

    public List<BuildErrorEventArgs> Errors => _log.Errors;

    public List<BuildWarningEventArgs> Warnings => _log.Warnings;

    public List<BuildMessageEventArgs> Messages => _log.Messages;

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    public bool IsRunningMultipleNodes => false;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => _log.LogErrorEvent(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => _log.LogMessageEvent(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => _log.LogWarningEvent(e);

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) =>
        _objects[(key, lifetime)] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
        _objects.GetValueOrDefault((key, lifetime));

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
        _objects.Remove((key, lifetime), out object? removed) ? removed : null;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException();

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) =>
        throw new NotSupportedException();

    public bool BuildProjectFilesInParallel(
        string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        throw new NotSupportedException();

    public BuildEngineResult BuildProjectFilesInParallel(
        string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        throw new NotSupportedException();

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }
}
