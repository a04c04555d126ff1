using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;

namespace Pit.Connectors.Tests.Sql;

public class SqlTargetsSpecs
{
    private const string Password = "S3cr3t-p@ss/word";
    private const string Root = "/work/space";

    private static SqlTarget Resolve(string value) => SqlTargets.Resolve("warehouse", Secrets.Plain(value), Root);

    [Theory]
    [InlineData("postgres://loader:S3cr3t-p%40ss%2Fword@db.example:6543/analytics")]
    [InlineData("postgresql://loader:S3cr3t-p%40ss%2Fword@db.example:6543/analytics")]
    public void A_postgres_url_becomes_an_npgsql_connection_string(string url)
    {
        var target = Resolve(url);

        Assert.Equal(SqlProvider.Postgres, target.Dialect.Provider);
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(("db.example", 6543, "analytics", "loader", Password),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void Libpq_options_of_a_postgres_url_map_to_npgsql_keywords()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            Resolve("postgres://u@h/db?sslmode=verify-full&application_name=pit").ConnectionString);

        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("pit", builder.ApplicationName);
        Assert.Equal(5432, builder.Port);
    }

    [Theory]
    [InlineData("sqlserver://sa:S3cr3t-p%40ss%2Fword@sql.example:1433/sales?TrustServerCertificate=true")]
    [InlineData("mssql://sa:S3cr3t-p%40ss%2Fword@sql.example:1433/sales?TrustServerCertificate=true")]
    public void A_sqlserver_url_becomes_a_sqlclient_connection_string(string url)
    {
        var target = Resolve(url);

        Assert.Equal(SqlProvider.SqlServer, target.Dialect.Provider);
        var builder = new SqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(("sql.example,1433", "sales", "sa", Password, true),
            (builder.DataSource, builder.InitialCatalog, builder.UserID, builder.Password, builder.TrustServerCertificate));
    }

    [Theory]
    [InlineData("Host=db.example;Port=5432;Username=u;Password=p;Database=d", SqlProvider.Postgres)]
    [InlineData("Server=sql.example;Database=d;User Id=u;Password=p", SqlProvider.SqlServer)]
    [InlineData("Data Source=sql.example;Initial Catalog=d;Integrated Security=true", SqlProvider.SqlServer)]
    [InlineData("Data Source=/var/data/app.db", SqlProvider.Sqlite)]
    [InlineData("/var/data/app.sqlite3", SqlProvider.Sqlite)]
    [InlineData("sqlite:///var/data/app.db", SqlProvider.Sqlite)]
    public void Connection_strings_and_paths_are_recognised(string value, SqlProvider provider) =>
        Assert.Equal(provider, Resolve(value).Dialect.Provider);

    [Theory]
    [InlineData("data/app.db", "/work/space/data/app.db")]
    [InlineData("../shared/app.sqlite", "/work/shared/app.sqlite")]
    [InlineData("sqlite://data/app.db", "/work/space/data/app.db")]
    [InlineData("Data Source=data/app.db;Cache=Shared", "/work/space/data/app.db")]
    public void A_relative_sqlite_path_is_resolved_from_the_workspace_root(string value, string path) =>
        Assert.Equal(path, new SqliteConnectionStringBuilder(Resolve(value).ConnectionString).DataSource);

    [Fact]
    public void An_absolute_sqlite_path_stays_as_it_is()
    {
        var builder = new SqliteConnectionStringBuilder(Resolve("sqlite:///var/data/app.db?mode=ReadOnly").ConnectionString);

        Assert.Equal("/var/data/app.db", builder.DataSource);
        Assert.Equal(SqliteOpenMode.ReadOnly, builder.Mode);
    }

    [Fact]
    public void A_structured_postgres_secret_gives_its_fields_and_passes_the_others_through()
    {
        var target = SqlTargets.Resolve("warehouse", Secrets.Structured(
            ("driver", "postgresql"), ("host", "db.example"), ("port", 6543L), ("database", "analytics"),
            ("username", "loader"), ("password", Password), ("sslmode", "require"), ("Pooling", false)), Root);

        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(SqlProvider.Postgres, target.Dialect.Provider);
        Assert.Equal(("db.example", 6543, "analytics", "loader", Password, SslMode.Require, false),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode, builder.Pooling));
    }

    [Fact]
    public void A_structured_sqlserver_secret_uses_host_port_and_user()
    {
        var target = SqlTargets.Resolve("warehouse", Secrets.Structured(
            ("driver", "mssql"), ("host", "sql.example"), ("port", "1433"), ("database", "sales"), ("user", "sa"), ("password", Password)), Root);

        var builder = new SqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(("sql.example,1433", "sales", "sa", Password), (builder.DataSource, builder.InitialCatalog, builder.UserID, builder.Password));
    }

    [Fact]
    public void A_structured_sqlite_secret_resolves_its_relative_path()
    {
        var target = SqlTargets.Resolve("local", Secrets.Structured(("driver", "sqlite"), ("path", "data/app.db")), Root);

        Assert.Equal(SqlProvider.Sqlite, target.Dialect.Provider);
        Assert.Equal("/work/space/data/app.db", new SqliteConnectionStringBuilder(target.ConnectionString).DataSource);
    }

    [Theory]
    [InlineData("mysql://root:S3cr3t-p@ss/word@db.example/app")]
    [InlineData("just some text with S3cr3t-p@ss/word in it")]
    [InlineData("Password=S3cr3t-p@ss/word;Flavour=vanilla")]
    [InlineData("postgres://root:S3cr3t-p@ss/word@db.example:99999/app")]
    [InlineData("Host=db.example;Password=S3cr3t-p@ss/word;Flavour=vanilla")]
    [InlineData("postgres://root:S3cr3t-p@ss/word@db.example/app?flavour=vanilla")]
    public void An_unusable_plain_secret_is_refused_without_showing_its_value(string value)
    {
        var error = Assert.ThrowsAny<SqlConnectorException>(() => Resolve(value));

        Assert.Contains("'warehouse'", error.Message);
        Assert.DoesNotContain("S3cr3t", error.Message);
        Assert.DoesNotContain("vanilla", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void The_refusal_of_an_unrecognised_value_lists_the_accepted_forms()
    {
        var error = Assert.Throws<SqlConnectorException>(() => Resolve("S3cr3t-p@ss/word"));

        Assert.Contains("postgres://", error.Message);
        Assert.Contains("Host=", error.Message);
        Assert.Contains(".sqlite3", error.Message);
        Assert.Contains("driver", error.Message);
        Assert.DoesNotContain("S3cr3t", error.Message);
    }

    [Theory]
    [InlineData("oracle")]
    [InlineData(null)]
    public void A_structured_secret_without_a_known_driver_is_refused_without_showing_its_fields(string? driver)
    {
        (string, object)[] fields = driver is null
            ? [("host", "db.example"), ("password", Password)]
            : [("driver", driver), ("host", "db.example"), ("password", Password)];

        var error = Assert.Throws<SqlConnectorException>(() => SqlTargets.Resolve("warehouse", Secrets.Structured(fields), Root));

        Assert.Contains("'warehouse'", error.Message);
        Assert.Contains("driver", error.Message);
        Assert.DoesNotContain("S3cr3t", error.Message);
        Assert.DoesNotContain("db.example", error.Message);
        Assert.DoesNotContain("oracle", error.Message);
    }

    [Fact]
    public void A_target_shows_its_name_and_provider_and_never_its_connection_string()
    {
        var target = Resolve("postgres://loader:S3cr3t-p%40ss%2Fword@db.example/analytics");

        Assert.Equal("connection 'warehouse' (postgres)", target.ToString());
        Assert.Equal("login as loader with *** failed", target.Redact($"login as loader with {Password} failed"));
    }

    [Fact]
    public async Task A_failed_connection_names_the_connection_and_not_the_password()
    {
        var target = Resolve("postgres://loader:S3cr3t-p%40ss%2Fword@127.0.0.1:1/analytics?timeout=2");

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() => SqlScript.RunAsync(target, "SELECT 1", CancellationToken.None));

        Assert.StartsWith("connection 'warehouse' (postgres): cannot connect:", error.Message);
        Assert.DoesNotContain("S3cr3t", error.ToString());
    }
}
