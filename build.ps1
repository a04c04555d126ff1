#!/usr/bin/env pwsh
# Pit's build entry point. On Linux: `dotnet tool restore; dotnet pwsh ./build.ps1 <target>`.
#   build    dotnet build Pit.sln
#   test     dotnet test Pit.sln, then the Python SDK's unittest suite (non-zero exit on any failure)
#   bench    runs tests/Pit.Benchmarks, every suite (publishes pit as pack ships it)
#   pack     packs src/Pit.Cli as a dotnet tool (ReadyToRun, this platform) into artifacts/nupkg
#   install  pack, then installs or updates `pit` as a global dotnet tool from that pack
param(
    [ValidateSet('build', 'test', 'bench', 'pack', 'install')]
    [string]$Target = 'build',
    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$PackageDir = Join-Path $PSScriptRoot 'artifacts/nupkg'
$TestResultsDir = Join-Path $PSScriptRoot 'artifacts/test-results'
$Python = if (Test-Path '/usr/bin/python3') { '/usr/bin/python3' } else { 'python3' }

# Runs dotnet with the given arguments and stops the script when it fails.
function Invoke-Dotnet {
    Write-Host "> dotnet $($args -join ' ')" -ForegroundColor Cyan
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args[0]) failed with exit code $LASTEXITCODE" }
}

# Prints every failed test with the start of its message, then one 'N passed, N failed, N skipped'
# line summed over the TRX files of the test run: the end of a long log says what failed.
function Write-TestSummary {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($file in Get-ChildItem $TestResultsDir -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $run = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun
        foreach ($result in @($run.Results.UnitTestResult | Where-Object { $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' })) {
            Write-Host "Failed: $($result.testName)" -ForegroundColor Red
            $message = $result.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')
            if ($message) { ($message.InnerText -split "`n" | Select-Object -First 12) | ForEach-Object { Write-Host "    $_" } }
        }
        $counters = $run.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $skipped += [int]$counters.total - [int]$counters.executed
    }
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
}

function Invoke-Build { Invoke-Dotnet build Pit.sln -c $Configuration }

function Invoke-Test {
    if (Test-Path $TestResultsDir) { Remove-Item $TestResultsDir -Recurse -Force }
    & dotnet test Pit.sln -c $Configuration --logger 'console;verbosity=normal' --logger trx --results-directory $TestResultsDir
    $code = $LASTEXITCODE
    Write-TestSummary
    if ($code -ne 0) { throw "dotnet test failed with exit code $code" }
    # The Python SDK's own suite, with Debian's interpreter (standard library only); its end-to-end
    # test runs the pit that dotnet test has just built.
    $env:PIT_DLL = Join-Path $PSScriptRoot "src/Pit.Cli/bin/$Configuration/net10.0/pit.dll"
    & $Python -m unittest discover -s (Join-Path $PSScriptRoot 'sdk/python/tests') -t (Join-Path $PSScriptRoot 'sdk/python')
    if ($LASTEXITCODE -ne 0) { throw "the Python SDK's tests failed (exit code $LASTEXITCODE)" }
}

# The benchmark publishes pit itself, the way Invoke-Pack ships it.
function Invoke-Bench { Invoke-Dotnet run -c Release --project tests/Pit.Benchmarks '--' --suite all }  # quoted: PowerShell eats a bare --

# The tool is precompiled (ReadyToRun) for this machine's platform, so `pit` starts fast.
function Invoke-Pack {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    Invoke-Dotnet pack src/Pit.Cli -c Release -r $rid '-p:PublishReadyToRun=true' -o $PackageDir  # quoted: PowerShell splits a bare -p:X=Y
}

function Invoke-Install {
    Invoke-Pack
    # Every local pack is version 0.1.0, and `dotnet tool update` to the same version is a no-op
    # ("already installed"), so an installed pit is removed first to take this pack for certain.
    $installed = (& dotnet tool list --global) -match '^pit\.cli\s'
    if ($installed) { Invoke-Dotnet tool uninstall --global Pit.Cli }
    & dotnet tool update --global --no-http-cache --add-source $PackageDir Pit.Cli
    if ($LASTEXITCODE -ne 0) {
        Write-Host 'update failed; trying a fresh install' -ForegroundColor Yellow
        Invoke-Dotnet tool install --global --no-http-cache --add-source $PackageDir Pit.Cli
    }
    $toolDir = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.dotnet/tools'
    Write-Host "pit installed in $toolDir (put it on PATH to run 'pit')"
}

try {
    switch ($Target) {
        'build' { Invoke-Build }
        'test' { Invoke-Test }
        'bench' { Invoke-Bench }
        'pack' { Invoke-Pack }
        'install' { Invoke-Install }
    }
}
catch {
    [Console]::Error.WriteLine("build.ps1 ${Target}: $($_.Exception.Message)")
    exit 1
}
