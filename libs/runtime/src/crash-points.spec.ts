import { CrashPoints } from './crash-points';

describe('CrashPoints', () => {
  let kill: jest.SpyInstance;
  let write: jest.SpyInstance;
  beforeEach(() => {
    kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  it('does nothing unless armed', () => {
    const c = new CrashPoints(undefined);
    c.hit('sync.after-apply', 'd-1');
    expect(c.armed).toBe(false);
    expect(kill).not.toHaveBeenCalled();
  });

  it('kills at the n-th hit of a point, counting only subjects that contain the filter', () => {
    const c = new CrashPoints('sync.after-apply:2@|notify, api.after-accept:1');
    c.hit('sync.after-apply', 'c|connection:a|candidateStatus');
    c.hit('sync.after-apply', 'c|connection:a|notify');
    expect(kill).not.toHaveBeenCalled();
    c.hit('sync.after-apply', 'c2|connection:b|notify');
    expect(write).toHaveBeenCalledWith('CRASH-POINT sync.after-apply #2 c2|connection:b|notify\n');
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
  });

  it('refuses a malformed spec', () => {
    expect(() => new CrashPoints('after-apply')).toThrow(/is not <point>:<n>/);
  });
});
