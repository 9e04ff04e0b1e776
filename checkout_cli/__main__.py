from checkout_cli.cli import main

main()
