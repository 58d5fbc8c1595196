export class RolloutController {
  constructor(..._a: unknown[]) {}
  stop(): void {}
}
