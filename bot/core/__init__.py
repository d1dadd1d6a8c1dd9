"""Platform-free framework: cogs, commands, context, replies, roles, scheduler, clock."""
