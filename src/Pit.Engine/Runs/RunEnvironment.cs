using Pit.Core.Workspace;
using Pit.Engine.Runners;

namespace Pit.Engine.Runs;

/// <summary>What every run of an engine shares: the workspace settings and the task executor.</summary>
public sealed record RunEnvironment(string WorkspaceRoot, WorkspaceConfig Config, ITaskExecutor Executor);
