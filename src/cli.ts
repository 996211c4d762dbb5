// Placeholder until the CLI lands: prints usage.
process.stdout.write('usage: svcm validate [PATH...] | svcm schema [KIND]\n');
