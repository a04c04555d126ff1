namespace Pit.Core.Scaffolding;

/// <summary>The kinds of project <c>pit init</c> can scaffold.</summary>
public enum ProjectType { Python, Sql, Shell, Dbt }
