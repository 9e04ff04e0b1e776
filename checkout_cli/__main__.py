from checkout_cli.cli.app import main

main()
