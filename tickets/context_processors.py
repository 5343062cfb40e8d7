from tickets.roles import user_is_agent, user_is_manager


def roles(request):
    user = request.user
    return {"is_agent": user_is_agent(user), "is_manager": user_is_manager(user)}
