import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CurrentUser, TokenPair } from '@tianyan/contracts';
import { LoginThrottled, Public, Roles } from './access.decorators';
import { AuthService } from './auth.service';
import { RequestActor, SignedIn, type Actor, type AuthenticatedUser } from './authenticated-user';
import { LoginDto, RefreshDto } from './login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @LoginThrottled()
  @ApiOperation({ summary: 'Sign in: an access token (JWT, minutes) and a refresh token (days, rotated on use)' })
  login(@Body() body: LoginDto, @RequestActor() actor: Actor): Promise<TokenPair> {
    return this.auth.login(body.username, body.password, actor);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @LoginThrottled()
  @ApiOperation({ summary: 'New tokens for a refresh token; the old refresh token stops working' })
  refresh(@Body() body: RefreshDto, @RequestActor() actor: Actor): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, actor);
  }

  @Post('logout')
  @HttpCode(204)
  @Roles('viewer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ends this session: its access and refresh tokens stop working at once' })
  logout(@SignedIn() user: AuthenticatedUser, @RequestActor() actor: Actor): Promise<void> {
    return this.auth.logout(user, actor);
  }

  @Get('me')
  @Roles('viewer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who is signed in' })
  me(@SignedIn() user: AuthenticatedUser): CurrentUser {
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  }
}
