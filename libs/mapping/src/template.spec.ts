import { renderTemplate } from './template';

describe('renderTemplate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(renderTemplate('{a}-{b}-{typo}', { a: '1', b: '2' })).toBe('1-2-{typo}');
  });

  it('renders a section only when its value is known', () => {
    const t = '您{#start}原定于{start}{/start}的「{position}」面试已取消';
    expect(renderTemplate(t, { start: '12月1日 10:00', position: '销售经理' })).toBe('您原定于12月1日 10:00的「销售经理」面试已取消');
    expect(renderTemplate(t, { start: '', position: '销售经理' })).toBe('您的「销售经理」面试已取消');
    expect(renderTemplate(t, { position: '销售经理' })).toBe('您的「销售经理」面试已取消');
  });
});
